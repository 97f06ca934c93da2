import type { ReasoningDeltaPart, TextDeltaPart } from '../../types/stream-part.js';
import type { OpenAIResponseContentPart } from './api-types.js';

/**
 * Reads message content sent as an array of parts (Mistral) into answer and reasoning pieces, in order.
 * Magistral models put their reasoning in `thinking` parts, whose `thinking` is itself a list of text
 * parts (or, in older versions, a string). Empty pieces and unknown part types are skipped.
 */
export function readOpenAIContentParts(
  parts: readonly OpenAIResponseContentPart[],
): Array<TextDeltaPart | ReasoningDeltaPart> {
  const pieces: Array<TextDeltaPart | ReasoningDeltaPart> = [];
  for (const part of parts) {
    if (part.type === 'text' && typeof part.text === 'string' && part.text !== '') {
      pieces.push({ type: 'text-delta', text: part.text });
    } else if (part.type === 'thinking') {
      const thinking = part.thinking;
      if (typeof thinking === 'string') {
        if (thinking !== '') pieces.push({ type: 'reasoning-delta', text: thinking });
      } else if (Array.isArray(thinking)) {
        for (const inner of thinking) {
          if (typeof inner?.text === 'string' && inner.text !== '') {
            pieces.push({ type: 'reasoning-delta', text: inner.text });
          }
        }
      }
    }
  }
  return pieces;
}
