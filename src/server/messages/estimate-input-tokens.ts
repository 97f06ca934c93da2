import type { CompletionRequest } from '../../types/request.js';

/** Characters per token in English prose and code, the usual rule of thumb across tokenizers. */
const charactersPerToken = 4;
/** Anthropic's figure for a large image (about 1.15 megapixels); image sizes are not known here. */
const tokensPerImage = 1_600;
/** A few pages of PDF; the page count is not known without parsing the file. */
const tokensPerDocument = 3_000;
/** Role and framing tokens each message costs on top of its content. */
const tokensPerMessage = 4;

/**
 * A rough count of a request's input tokens, for `count_tokens` when the serving model has no counting
 * endpoint the gateway can call: text at four characters a token, plus fixed costs for messages, images
 * and documents, plus the tools' definitions. It is an estimate and is always answered as one.
 */
export function estimateInputTokens(request: CompletionRequest): number {
  let characters = 0;
  let fixed = 0;
  for (const message of request.messages) {
    fixed += tokensPerMessage;
    switch (message.role) {
      case 'system':
      case 'tool':
        characters += message.content.length;
        break;
      case 'assistant':
        characters += message.content?.length ?? 0;
        for (const call of message.toolCalls ?? []) characters += call.name.length + call.arguments.length;
        for (const block of message.reasoning ?? []) characters += block.text.length;
        break;
      case 'user':
        if (typeof message.content === 'string') characters += message.content.length;
        else
          for (const part of message.content) {
            if (part.type === 'text') characters += part.text.length;
            else fixed += part.type === 'image' ? tokensPerImage : tokensPerDocument;
          }
        break;
    }
  }
  for (const tool of request.tools ?? []) {
    characters += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
  }
  return fixed + Math.ceil(characters / charactersPerToken);
}
