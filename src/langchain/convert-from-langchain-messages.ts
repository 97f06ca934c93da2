import type { BaseMessage, MessageContent } from '@langchain/core/messages';
import type { Message, ToolCall, UserContentPart } from '../types/message.js';

/** LangChain messages as the router's conversation: system, human, AI (with tool calls) and tool turns. */
export function convertFromLangChainMessages(messages: readonly BaseMessage[]): Message[] {
  return messages.map((message): Message => {
    switch (message.type) {
      case 'system':
        return { role: 'system', content: textOf(message.content) };
      case 'ai': {
        const toolCalls: ToolCall[] = (
          (message as { tool_calls?: LangChainToolCall[] }).tool_calls ?? []
        ).map((call, position) => ({
          id: call.id ?? `call_${position}`,
          name: call.name,
          arguments: JSON.stringify(call.args ?? {}),
        }));
        const text = textOf(message.content);
        return toolCalls.length > 0
          ? { role: 'assistant', content: text === '' ? null : text, toolCalls }
          : { role: 'assistant', content: text };
      }
      case 'tool': {
        const tool = message as BaseMessage & { tool_call_id: string; name?: string; status?: string };
        return {
          role: 'tool',
          toolCallId: tool.tool_call_id,
          content: textOf(tool.content),
          ...(tool.name === undefined ? {} : { name: tool.name }),
          ...(tool.status === 'error' ? { isError: true } : {}),
        };
      }
      default:
        return { role: 'user', content: userContent(message.content) };
    }
  });
}

interface LangChainToolCall {
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

function textOf(content: MessageContent): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const block of content) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
  }
  return text;
}

/** Text and images (OpenAI-style `image_url` blocks, as LangChain writes them). */
function userContent(content: MessageContent): string | UserContentPart[] {
  if (typeof content === 'string') return content;
  const parts: UserContentPart[] = [];
  for (const block of content) {
    if (block.type === 'text' && typeof block.text === 'string')
      parts.push({ type: 'text', text: block.text });
    if (block.type === 'image_url') {
      const image = block.image_url as string | { url: string };
      parts.push({
        type: 'image',
        source: { type: 'url', url: typeof image === 'string' ? image : image.url },
      });
    }
  }
  return parts;
}
