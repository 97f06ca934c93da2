import { mapErrorToOpenAI } from '../chat-completions/map-error-to-openai.js';
import type { Surface } from '../core/surface.js';
import { convertResponsesRequest, type ResponsesCall } from './convert-responses-request.js';
import { convertToResponseObject } from './convert-to-response-object.js';
import { ResponseEventEncoder } from './response-event-encoder.js';

/** `POST /v1/responses`: the OpenAI Responses API, stateless: Response objects, semantic events, OpenAI errors. */
export const responsesSurface: Surface<ResponsesCall> = {
  readCall: (body) => convertResponsesRequest(body),
  answer: (response, context) =>
    JSON.stringify(
      convertToResponseObject(response, {
        id: context.scope.id,
        created: context.created,
        call: context.call,
      }),
    ),
  streamEncoder: (context) =>
    new ResponseEventEncoder({
      id: context.scope.id,
      created: context.created,
      model: context.model,
      call: context.call,
    }),
  mapError: mapErrorToOpenAI,
};
