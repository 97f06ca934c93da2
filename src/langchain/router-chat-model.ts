import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import type { Router } from '../router/router-types.js';
import type { Target } from '../types/attempt.js';
import type { CallOptions } from '../types/call.js';
import type { CompletionRequest } from '../types/request.js';
import type { ToolChoice, ToolDefinition } from '../types/tool.js';
import { convertFromLangChainMessages } from './convert-from-langchain-messages.js';
import { convertToUsageMetadata, responseMetadata } from './convert-to-langchain-metadata.js';

/** Per-call options of `RouterChatModel`, beside LangChain's own (`signal`, `callbacks`, `tool_choice`). */
export interface RouterChatModelCallOptions extends BaseChatModelCallOptions {
  /** Tools as `bindTools` stores them (OpenAI function form). */
  tools?: BindToolsInput[];
  /** One deadline for the whole call, across every retry and fallback. */
  deadlineMs?: number;
  /** Route through exactly these targets, in order, instead of resolving the model. */
  targets?: Target[];
}

/** Options of `RouterChatModel`. */
export interface RouterChatModelFields extends BaseChatModelParams {
  router: Router;
  /** The model the application asks for; the router resolves it. */
  model: string;
  temperature?: number;
  maxTokens?: number;
}

/**
 * A LangChain.js chat model whose calls go through an llmrouter `Router`: `invoke`, `stream`, `batch`,
 * `bindTools` and `withStructuredOutput` (tool calling) all get the router's retries, breakers,
 * fallbacks and deadlines. `response_metadata` carries the provider and model that served and the
 * attempt trail; router errors reach the caller as they are.
 *
 * @example
 * import { RouterChatModel } from 'llmrouter/langchain';
 *
 * const model = new RouterChatModel({ router, model: 'gpt-4o-mini' });
 * const answer = await model.invoke('Classify this document');
 * console.log(answer.content, answer.response_metadata.provider);
 */
export class RouterChatModel extends BaseChatModel<RouterChatModelCallOptions, AIMessageChunk> {
  readonly model: string;
  readonly temperature: number | undefined;
  readonly maxTokens: number | undefined;
  private readonly router: Router;

  constructor(fields: RouterChatModelFields) {
    super(fields);
    this.router = fields.router;
    this.model = fields.model;
    this.temperature = fields.temperature;
    this.maxTokens = fields.maxTokens;
  }

  static override lc_name(): string {
    return 'RouterChatModel';
  }

  _llmType(): string {
    return 'llmrouter';
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<RouterChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, RouterChatModelCallOptions> {
    return this.withConfig({ ...kwargs, tools: tools.map((tool) => convertToOpenAITool(tool)) });
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    _runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const response = await this.router.complete(this.request(messages, options), callOptions(options));
    // The model's output type is AIMessageChunk (as LangChain's own chat models declare), so invoke returns one too.
    const message = new AIMessageChunk({
      content: response.text,
      tool_calls: response.toolCalls.map((call) => ({
        id: call.id,
        name: call.name,
        args: JSON.parse(call.arguments === '' ? '{}' : call.arguments) as Record<string, unknown>,
        type: 'tool_call' as const,
      })),
      response_metadata: responseMetadata({ ...response, finishReason: response.finishReason.unified }),
      ...(response.reasoningText === undefined
        ? {}
        : { additional_kwargs: { reasoning_content: response.reasoningText } }),
    });
    const usage = convertToUsageMetadata(response.usage);
    if (usage !== undefined) message.usage_metadata = usage;
    return { generations: [{ text: response.text, message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const stream = this.router.stream(this.request(messages, options), callOptions(options));
    // A call's id and name go out with its first chunk only, as LangChain's own chat models send them.
    const streamedCalls = new Set<number>();
    for await (const part of stream) {
      if (part.type === 'text-delta') {
        if (part.text === '') continue;
        yield new ChatGenerationChunk({
          text: part.text,
          message: new AIMessageChunk({ content: part.text }),
        });
        await runManager?.handleLLMNewToken(part.text);
      } else if (part.type === 'reasoning-delta') {
        const message = new AIMessageChunk({
          content: '',
          additional_kwargs: { reasoning_content: part.text },
        });
        yield new ChatGenerationChunk({ text: '', message });
      } else if (part.type === 'tool-call-delta' || part.type === 'tool-call') {
        const first = !streamedCalls.has(part.index);
        // A whole call after its deltas adds nothing; one that arrived whole is sent as one chunk.
        if (part.type === 'tool-call' && !first) continue;
        streamedCalls.add(part.index);
        const [id, name, args] =
          part.type === 'tool-call'
            ? [part.toolCall.id, part.toolCall.name, part.toolCall.arguments]
            : [part.id, part.name, part.argumentsDelta];
        const chunk = {
          index: part.index,
          args,
          type: 'tool_call_chunk' as const,
          ...(first ? { id, name } : {}),
        };
        yield new ChatGenerationChunk({
          text: '',
          message: new AIMessageChunk({ content: '', tool_call_chunks: [chunk] }),
        });
      }
    }
    const response = await stream.response;
    const usage = convertToUsageMetadata(response.usage);
    const final = new AIMessageChunk({
      content: '',
      response_metadata: responseMetadata({ ...response, finishReason: response.finishReason.unified }),
      ...(usage === undefined ? {} : { usage_metadata: usage }),
    });
    yield new ChatGenerationChunk({ text: '', message: final });
  }

  private request(messages: BaseMessage[], options: this['ParsedCallOptions']): CompletionRequest {
    const request: CompletionRequest = {
      model: this.model,
      messages: convertFromLangChainMessages(messages),
    };
    if (this.temperature !== undefined) request.temperature = this.temperature;
    if (this.maxTokens !== undefined) request.maxTokens = this.maxTokens;
    if (options.stop !== undefined && options.stop.length > 0) request.stop = options.stop;
    const tools = (options.tools ?? []).map(toToolDefinition);
    if (tools.length > 0) {
      request.tools = tools;
      const choice = toToolChoice(options.tool_choice);
      if (choice !== undefined) request.toolChoice = choice;
    }
    return request;
  }
}

function callOptions(options: RouterChatModelCallOptions): CallOptions {
  const call: CallOptions = {};
  if (options.signal !== undefined) call.signal = options.signal;
  if (options.deadlineMs !== undefined) call.deadlineMs = options.deadlineMs;
  if (options.targets !== undefined) call.targets = options.targets;
  return call;
}

function toToolDefinition(tool: BindToolsInput): ToolDefinition {
  const { function: definition } = convertToOpenAITool(tool);
  const converted: ToolDefinition = {
    name: definition.name,
    parameters: (definition.parameters ?? { type: 'object', properties: {} }) as ToolDefinition['parameters'],
  };
  if (definition.description !== undefined) converted.description = definition.description;
  return converted;
}

/** LangChain's `tool_choice` words (`any` for some tool, or a tool's name) in the router's terms. */
function toToolChoice(choice: RouterChatModelCallOptions['tool_choice']): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto' || choice === 'none') return choice;
  if (choice === 'any' || choice === 'required') return 'required';
  if (typeof choice === 'string') return { type: 'tool', name: choice };
  const named = (choice as { function?: { name?: string } }).function?.name;
  return named === undefined ? undefined : { type: 'tool', name: named };
}
