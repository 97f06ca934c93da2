import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import type { Attempt, Target } from './attempt.js';
import type { CallOptions, ResolutionStep } from './call.js';
import type { CompletionRequest } from './request.js';
import type { CompletionResponse } from './response.js';
import type { JsonSchema } from './tool.js';

declare const objectType: unique symbol;

/** A plain JSON Schema that carries, for the type checker only, the type of the values it accepts. */
export type TypedJsonSchema<T> = JsonSchema & { readonly [objectType]?: T };

/** A Standard Schema (zod 4, valibot, arktype, ...) that can also describe itself as JSON Schema. */
export type StandardObjectSchema = StandardSchemaV1 & StandardJSONSchemaV1;

/** A schema for `completeObject`: a Standard Schema that can produce JSON Schema, or a plain JSON Schema. */
export type ObjectSchema = StandardObjectSchema | JsonSchema;

/**
 * The type of the object a schema yields: a Standard Schema's output type, `T` for a
 * {@link TypedJsonSchema}, else `unknown`.
 */
export type InferObject<Schema> = Schema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<Schema>
  : Schema extends TypedJsonSchema<infer T>
    ? T
    : unknown;

/**
 * A request for an object: a completion request without `responseFormat` (the schema decides it) and
 * without tools (the answer is the object, not a tool call), plus the schema and how hard to try.
 */
export interface ObjectRequest<Schema extends ObjectSchema = ObjectSchema>
  extends Omit<CompletionRequest, 'responseFormat' | 'tools' | 'toolChoice' | 'parallelToolCalls'> {
  /** A Standard Schema that can produce JSON Schema (zod 4, valibot, arktype), or a plain JSON Schema. */
  schema: Schema;
  /** Name of the schema where the provider takes one (OpenAI `json_schema.name`; `response` when omitted). */
  schemaName?: string;
  /** What the object is, for the provider's schema description. */
  schemaDescription?: string;
  /**
   * Repair answers that are not JSON as they stand (fences, prose, trailing commas, missing brackets).
   * Default true.
   */
  repair?: boolean;
  /**
   * How many times each target is asked again after an answer that does not validate, with the
   * problems as feedback, before the next target is tried. Default 2. An answer cut off at the token
   * limit (finish reason `length`) is asked again only when the request set `maxTokens`, and then with
   * twice the limit; under the provider's own limit the next target is tried at once.
   */
  maxReasks?: number;
  /** Move on to the next target of the plan when a target's answers never validate. Default true. */
  fallback?: boolean;
  /** Cancellation, overall deadline, headers and pinned targets for the whole object call, re-asks included. */
  call?: CallOptions;
}

/** A validated object and the response that carried it; its `trail` covers every attempt of the object call. */
export interface ObjectResult<T> {
  object: T;
  response: CompletionResponse;
}

/** A value as it may look part-way through streaming: any property (at any depth) may still be missing. */
export type PartialObject<T> =
  T extends ReadonlyArray<infer Item>
    ? Array<PartialObject<Item>>
    : T extends object
      ? { [Key in keyof T]?: PartialObject<T[Key]> }
      : T;

/** A streamed object call: iterate it for partial objects; await `result` for the validated object. */
export interface ObjectStream<T> extends AsyncIterable<PartialObject<T>> {
  /**
   * The validated object and the response that carried it, once the stream has finished; or the error
   * that ended it. Awaiting it without iterating consumes the stream.
   */
  readonly result: Promise<ObjectResult<T>>;
  /** Attempts so far (final once the stream has ended). */
  readonly trail: readonly Attempt[];
  /** Stops the stream and aborts the upstream request. */
  abort(reason?: unknown): void;
}

/**
 * How a target is asked for an object:
 * - `json_schema`: the provider constrains output to the schema natively (each adapter sends its own
 *   form: OpenAI strict `json_schema`, Anthropic `output_config.format` or a forced tool, Gemini
 *   `responseJsonSchema`, compatible services `json_schema`);
 * - `json_mode`: the provider guarantees JSON but not the shape, so the schema goes in the prompt;
 * - `prompt`: neither; the schema goes in the prompt and local validation does the rest.
 */
export type StructuredMode = 'json_schema' | 'json_mode' | 'prompt';

/** One target of an object call's plan, with the mode it will be asked in. */
export interface ObjectPlanEntry extends Target {
  /**
   * `json_schema`, `json_mode` or `prompt` (see `StructuredMode`); `unknown` when the router cannot
   * report the provider's capabilities, in which case the first call tries `json_schema` and steps down
   * when the router reports the capability missing.
   */
  mode: StructuredMode | 'unknown';
}

/** What `explainObject` reports: the plan of `explain(model)` with each target's structured-output mode. */
export interface ObjectExplanation {
  requestedModel: string;
  step: ResolutionStep;
  plan: ObjectPlanEntry[];
}
