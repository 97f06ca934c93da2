import { abortError } from '../abort/abort-error.js';
import { sleep } from '../abort/sleep.js';
import { ApiCallError } from '../errors/api-call-error.js';
import { kindFromStatus } from '../errors/classify.js';
import { createResponse } from '../types/create-response.js';
import type { ToolCall } from '../types/message.js';
import type { Provider, ProviderCallOptions, ProviderCapabilities } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import type { FinishReason, Usage } from '../types/usage.js';
import type { MockErrorSpec, MockReplyStep, MockStep } from './mock-steps.js';

/** One call a mock received. */
export interface MockCall {
  /** 0-based position among this mock's calls. */
  index: number;
  method: 'complete' | 'stream';
  request: CompletionRequest;
  options: ProviderCallOptions | undefined;
  /** The step that answered it. */
  step: MockStep;
  /** True once the call's signal aborted, or its stream was abandoned by the consumer before it ended. */
  readonly aborted: boolean;
  /** The stream's consumer stopped reading before the stream ended. */
  abandoned: boolean;
  /** True once the call has ended one way or another. */
  settled: boolean;
}

/** Settings for {@link MockProvider}. */
export interface MockProviderOptions {
  name?: string;
  models?: string[];
  capabilities?: Partial<ProviderCapabilities>;
  /** Steps answered in order, one per call. */
  script?: MockStep[];
  /** Answers calls once the script is used up. Default: a reply `"Hello from <name>"`. */
  fallback?: MockStep | ((request: CompletionRequest, index: number) => MockStep);
}

const allCapabilities: ProviderCapabilities = {
  tools: true,
  jsonSchemaOutput: true,
  jsonOutput: true,
  imageInput: true,
  documentInput: true,
  streaming: true,
  reasoning: true,
};

/**
 * A scripted provider for tests: answers each call with the next step of its script (results, errors,
 * hangs, streams that fail after N parts) and records every call with its request and abort state.
 * Honours abort signals exactly as a real adapter does.
 *
 * @example
 * const flaky = new MockProvider({ name: 'flaky', models: ['m'], script: [mockStep.error({ status: 503 })] });
 * await router.complete({ model: 'm', messages });
 * flaky.calls.length; // 1
 */
export class MockProvider implements Provider {
  readonly name: string;
  models: readonly string[];
  readonly capabilities: ProviderCapabilities;
  readonly calls: MockCall[] = [];
  private readonly script: MockStep[];
  private readonly fallback: MockProviderOptions['fallback'];

  constructor(options: MockProviderOptions = {}) {
    this.name = options.name ?? 'mock';
    this.models = options.models ?? ['mock-model'];
    this.capabilities = { ...allCapabilities, ...options.capabilities };
    this.script = [...(options.script ?? [])];
    this.fallback = options.fallback;
  }

  /** Appends steps to the script. */
  enqueue(...steps: MockStep[]): this {
    this.script.push(...steps);
    return this;
  }

  async complete(request: CompletionRequest, options?: ProviderCallOptions): Promise<CompletionResponse> {
    const call = this.record('complete', request, options);
    const signal = options?.signal;
    try {
      const step = call.step;
      if (step.type === 'hang') return await hang(signal, this.name, request.model);
      if ('delayMs' in step && step.delayMs) await sleep(step.delayMs, signal);
      if (signal?.aborted) throw abortError(signal, { provider: this.name, model: request.model });
      if (step.type === 'error') throw this.toError(step.error, request.model);
      if (step.type === 'stream') return await this.collect(step, request, options);
      return this.replyResponse(step, request.model);
    } finally {
      call.settled = true;
    }
  }

  async *stream(request: CompletionRequest, options?: ProviderCallOptions): AsyncGenerator<StreamPart> {
    const call = this.record('stream', request, options);
    const signal = options?.signal;
    const target = { provider: this.name, model: request.model };
    let ended = false;
    try {
      const step = call.step;
      if (step.type === 'hang') {
        await hang(signal, this.name, request.model);
        return;
      }
      if (step.type === 'error') {
        if (step.delayMs) await sleep(step.delayMs, signal);
        throw this.toError(step.error, request.model);
      }
      const script = step.type === 'stream' ? step : replyAsStream(step);
      if (step.type === 'reply' && step.delayMs) await sleep(step.delayMs, signal);
      for (let index = 0; index < script.parts.length; index++) {
        if (script.failAfter === index) throw this.toError(script.error ?? resetError, request.model);
        if (script.hangAfter === index) await hang(signal, this.name, request.model);
        if (script.partDelayMs) await sleep(script.partDelayMs, signal);
        if (signal?.aborted) throw abortError(signal, target);
        yield script.parts[index]!;
      }
      // A limit at or past the last part still applies once every part is out, as documented.
      if (script.failAfter !== undefined && script.failAfter >= script.parts.length) {
        throw this.toError(script.error ?? resetError, request.model);
      }
      if (script.hangAfter !== undefined && script.hangAfter >= script.parts.length) {
        await hang(signal, this.name, request.model);
      }
      ended = true;
    } catch (error) {
      ended = true;
      throw error;
    } finally {
      call.abandoned = !ended;
      call.settled = true;
    }
  }

  private record(
    method: MockCall['method'],
    request: CompletionRequest,
    options?: ProviderCallOptions,
  ): MockCall {
    const index = this.calls.length;
    const step = this.script.shift() ?? this.fallbackStep(request, index);
    const signal = options?.signal;
    const call: MockCall = {
      index,
      method,
      request,
      options,
      step,
      settled: false,
      abandoned: false,
      get aborted() {
        return signal?.aborted === true || this.abandoned;
      },
    };
    this.calls.push(call);
    return call;
  }

  private fallbackStep(request: CompletionRequest, index: number): MockStep {
    const fallback = this.fallback;
    if (typeof fallback === 'function') return fallback(request, index);
    return fallback ?? { type: 'reply', text: `Hello from ${this.name}` };
  }

  private toError(spec: MockErrorSpec, model: string): RouterError {
    if (RouterError.isInstance(spec)) return spec;
    const status = spec.status;
    return new ApiCallError({
      message: `${this.name} ${status ?? ''}: ${spec.message ?? 'mock failure'}`.replace('  ', ' '),
      kind: spec.kind ?? (status === undefined ? 'server' : kindFromStatus(status)),
      provider: this.name,
      model,
      status,
      retryAfterMs: spec.retryAfterMs,
      shouldRetry: spec.shouldRetry,
    });
  }

  private replyResponse(step: MockReplyStep, model: string): CompletionResponse {
    return createResponse({
      id: `mock-${this.calls.length}`,
      provider: this.name,
      model,
      content: step.text ?? (step.toolCalls ? null : ''),
      toolCalls: toolCallsOf(step),
      reasoning: step.reasoning ? [{ text: step.reasoning }] : [],
      finishReason: finishOf(step),
      usage: usageOf(step),
    });
  }

  private async collect(
    step: Extract<MockStep, { type: 'stream' }>,
    request: CompletionRequest,
    options?: ProviderCallOptions,
  ): Promise<CompletionResponse> {
    const text: string[] = [];
    const toolCalls: ToolCall[] = [];
    let finish: Extract<StreamPart, { type: 'finish' }> | undefined;
    for (let index = 0; index < step.parts.length; index++) {
      if (step.failAfter === index) throw this.toError(step.error ?? resetError, request.model);
      if (step.hangAfter === index) await hang(options?.signal, this.name, request.model);
      if (step.partDelayMs) await sleep(step.partDelayMs, options?.signal);
      const part = step.parts[index]!;
      if (part.type === 'text-delta') text.push(part.text);
      else if (part.type === 'tool-call') toolCalls.push(part.toolCall);
      else if (part.type === 'finish') finish = part;
    }
    if (step.failAfter !== undefined && step.failAfter >= step.parts.length) {
      throw this.toError(step.error ?? resetError, request.model);
    }
    if (step.hangAfter !== undefined && step.hangAfter >= step.parts.length) {
      await hang(options?.signal, this.name, request.model);
    }
    return createResponse({
      id: finish?.id ?? `mock-${this.calls.length}`,
      provider: this.name,
      model: finish?.model ?? request.model,
      content: text.join(''),
      toolCalls,
      reasoning: [],
      finishReason: finish?.finishReason ?? { unified: 'stop', raw: 'stop' },
      usage: finish?.usage ?? usageOf({ type: 'reply' }),
    });
  }
}

const resetError: MockErrorSpec = { kind: 'network', message: 'socket hang up (mock reset)' };

function hang(signal: AbortSignal | undefined, provider: string, model: string): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(abortError(signal, { provider, model }));
    signal.addEventListener('abort', () => reject(abortError(signal, { provider, model })), { once: true });
  });
}

function toolCallsOf(step: MockReplyStep): ToolCall[] {
  return (step.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
}

function finishOf(step: MockReplyStep): FinishReason {
  const unified = step.finishReason ?? (step.toolCalls?.length ? 'tool_calls' : 'stop');
  return { unified, raw: unified };
}

function usageOf(step: MockReplyStep): Usage {
  const inputTokens = step.usage?.inputTokens ?? 10;
  const outputTokens = step.usage?.outputTokens ?? 5;
  return { ...step.usage, inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function replyAsStream(step: MockReplyStep): {
  parts: StreamPart[];
  partDelayMs?: number;
  failAfter?: number;
  error?: MockErrorSpec;
  hangAfter?: number;
} {
  const parts: StreamPart[] = [];
  if (step.reasoning) parts.push({ type: 'reasoning-delta', text: step.reasoning });
  const text = step.text ?? '';
  if (text) {
    const pieces = step.chunks ? splitEvenly(text, step.chunks) : (text.match(/\S+\s*|\s+/g) ?? [text]);
    for (const piece of pieces) parts.push({ type: 'text-delta', text: piece });
  }
  toolCallsOf(step).forEach((toolCall, index) => {
    parts.push({
      type: 'tool-call-delta',
      index,
      id: toolCall.id,
      name: toolCall.name,
      argumentsDelta: toolCall.arguments,
    });
    parts.push({ type: 'tool-call', index, toolCall });
  });
  parts.push({ type: 'finish', finishReason: finishOf(step), usage: usageOf(step) });
  return { parts, partDelayMs: step.partDelayMs };
}

function splitEvenly(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}
