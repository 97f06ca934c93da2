import type { Surface } from '../core/surface.js';
import { AnthropicEventEncoder } from './anthropic-event-encoder.js';
import { convertMessagesRequest, type MessagesCall } from './convert-messages-request.js';
import { convertToAnthropicMessage } from './convert-to-anthropic-message.js';
import { mapErrorToAnthropic } from './map-error-to-anthropic.js';

/** `POST /v1/messages`: Anthropic's Messages request, message object, event stream and errors. */
export const messagesSurface: Surface<MessagesCall> = {
  readCall: (body, scope) => convertMessagesRequest(body, { request: scope.request }),
  answer: (response, context) =>
    JSON.stringify(convertToAnthropicMessage(response, { fallbackId: `msg_${context.scope.id}` })),
  streamEncoder: (context) =>
    new AnthropicEventEncoder({ id: `msg_${context.scope.id}`, model: context.model }),
  mapError: mapErrorToAnthropic,
};
