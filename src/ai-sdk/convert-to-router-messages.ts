import type {
  LanguageModelV3DataContent,
  LanguageModelV3FilePart,
  LanguageModelV3Prompt,
  LanguageModelV3ToolResultOutput,
  SharedV3ProviderOptions,
  SharedV3Warning,
} from '@ai-sdk/provider';
import type {
  AssistantMessage,
  MediaSource,
  Message,
  ProviderMetadata,
  ReasoningBlock,
  ToolCall,
  UserContentPart,
} from '../types/message.js';

/** The router's conversation for an AI SDK prompt, and what could not be carried over. */
export interface ConvertedPrompt {
  messages: Message[];
  warnings: SharedV3Warning[];
}

/**
 * Maps the AI SDK's prompt to the router's messages. Reasoning signatures and tool-call provider data
 * come back under `providerOptions.llmrouter`, where the results of this package put them, so a
 * multi-step conversation sends Anthropic its signed thinking and Gemini its thought signatures again.
 */
export function convertToRouterMessages(prompt: LanguageModelV3Prompt): ConvertedPrompt {
  const messages: Message[] = [];
  const warnings: SharedV3Warning[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const parts: UserContentPart[] = message.content.map((part) =>
          part.type === 'text' ? { type: 'text', text: part.text } : convertFilePart(part),
        );
        const onlyText = parts.length === 1 && parts[0]?.type === 'text';
        messages.push({ role: 'user', content: onlyText ? (parts[0] as { text: string }).text : parts });
        break;
      }
      case 'assistant':
        messages.push(...convertAssistant(message.content, warnings));
        break;
      case 'tool':
        for (const part of message.content) {
          if (part.type === 'tool-approval-response') {
            warnings.push({ type: 'unsupported', feature: 'tool approval responses' });
            continue;
          }
          messages.push({
            role: 'tool',
            toolCallId: part.toolCallId,
            name: part.toolName,
            ...convertToolOutput(part.output, warnings),
          });
        }
        break;
    }
  }
  return { messages, warnings };
}

type AssistantContent = Extract<LanguageModelV3Prompt[number], { role: 'assistant' }>['content'];

/**
 * One assistant turn, plus a tool message for each result of a provider-executed tool the turn carries
 * (the router has no provider-executed tools, so these only appear in histories written elsewhere).
 */
function convertAssistant(content: AssistantContent, warnings: SharedV3Warning[]): Message[] {
  let text = '';
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  const results: Message[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'reasoning':
        reasoning.push(reasoningBlock(part.text, part.providerOptions));
        break;
      case 'tool-call': {
        const call: ToolCall = {
          id: part.toolCallId,
          name: part.toolName,
          arguments: typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? {}),
        };
        const metadata = routerOptions(part.providerOptions)?.toolCall;
        if (isRecord(metadata)) call.providerMetadata = metadata as ProviderMetadata;
        toolCalls.push(call);
        break;
      }
      case 'tool-result':
        results.push({
          role: 'tool',
          toolCallId: part.toolCallId,
          name: part.toolName,
          ...convertToolOutput(part.output, warnings),
        });
        break;
      case 'file':
        warnings.push({ type: 'unsupported', feature: 'files in assistant messages' });
        break;
    }
  }
  const message: AssistantMessage = { role: 'assistant', content: text === '' ? null : text };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (reasoning.length > 0) message.reasoning = reasoning;
  return [message, ...results];
}

function reasoningBlock(text: string, providerOptions: SharedV3ProviderOptions | undefined): ReasoningBlock {
  const block: ReasoningBlock = { text };
  const options = routerOptions(providerOptions);
  if (typeof options?.signature === 'string') block.signature = options.signature;
  if (typeof options?.redactedData === 'string') block.redactedData = options.redactedData;
  if (typeof options?.provider === 'string') block.provider = options.provider;
  return block;
}

function convertFilePart(part: LanguageModelV3FilePart): UserContentPart {
  const source = mediaSource(part.data, part.mediaType);
  if (part.mediaType.startsWith('image/')) return { type: 'image', source };
  return part.filename === undefined
    ? { type: 'file', source }
    : { type: 'file', source, filename: part.filename };
}

function mediaSource(data: LanguageModelV3DataContent, mediaType: string): MediaSource {
  if (data instanceof URL) return { type: 'url', url: data.toString() };
  if (typeof data === 'string') return { type: 'base64', data, mediaType };
  return { type: 'base64', data: Buffer.from(data).toString('base64'), mediaType };
}

/** A tool message's text: JSON outputs as JSON text, denials and errors flagged as errors. */
function convertToolOutput(
  output: LanguageModelV3ToolResultOutput,
  warnings: SharedV3Warning[],
): { content: string; isError?: boolean } {
  switch (output.type) {
    case 'text':
      return { content: output.value };
    case 'json':
      return { content: JSON.stringify(output.value) };
    case 'error-text':
      return { content: output.value, isError: true };
    case 'error-json':
      return { content: JSON.stringify(output.value), isError: true };
    case 'execution-denied':
      return { content: output.reason ?? 'The tool call was not approved.', isError: true };
    case 'content': {
      let content = '';
      for (const item of output.value) {
        if (item.type === 'text') content += item.text;
        else warnings.push({ type: 'unsupported', feature: `${item.type} in tool results` });
      }
      return { content };
    }
  }
}

function routerOptions(options: SharedV3ProviderOptions | undefined): Record<string, unknown> | undefined {
  return options?.llmrouter;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
