import { describe, expect, it } from 'vitest';
import { useGatewayHarness } from './gateway-harness.js';

const harness = useGatewayHarness();

const hello = [{ role: 'user', content: 'Hello' }];

interface Case {
  name: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  method?: string;
  path?: string;
  /** Replaces the Authorization header; `null` leaves it out. */
  authorization?: string | null;
  status: number;
  type: string;
  code: string;
  param?: string | null;
  message: string;
}

const cases: Case[] = [
  {
    name: 'invalid JSON',
    body: '{"model": "gpt-4o-mini", "messages": [',
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_json',
    message: 'could not parse the JSON body',
  },
  {
    name: 'a JSON array instead of an object',
    body: [],
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_body',
    message: 'must be a JSON object',
  },
  {
    name: 'an empty body',
    body: '',
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_json',
    message: 'could not parse the JSON body',
  },
  {
    name: 'missing model',
    body: { messages: hello },
    status: 400,
    type: 'invalid_request_error',
    code: 'missing_required_parameter',
    param: 'model',
    message: "Missing required parameter: 'model'.",
  },
  {
    name: 'model of the wrong type',
    body: { model: 42, messages: hello },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_type',
    param: 'model',
    message: "Invalid type for 'model': expected a string, but got an integer.",
  },
  {
    name: 'missing messages',
    body: { model: 'gpt-4o-mini' },
    status: 400,
    type: 'invalid_request_error',
    code: 'missing_required_parameter',
    param: 'messages',
    message: "Missing required parameter: 'messages'.",
  },
  {
    name: 'messages not an array',
    body: { model: 'gpt-4o-mini', messages: 'Hello' },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_type',
    param: 'messages',
    message: 'expected an array of messages, but got a string',
  },
  {
    name: 'empty messages',
    body: { model: 'gpt-4o-mini', messages: [] },
    status: 400,
    type: 'invalid_request_error',
    code: 'empty_array',
    param: 'messages',
    message: 'empty array',
  },
  {
    name: 'a message that is not an object',
    body: { model: 'gpt-4o-mini', messages: ['Hello'] },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_type',
    param: 'messages[0]',
    message: "Invalid type for 'messages[0]'",
  },
  {
    name: 'an unknown role',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'wizard', content: 'Hi' }] },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'messages[0].role',
    message: "'wizard'",
  },
  {
    name: 'content of the wrong type',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 7 }] },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_type',
    param: 'messages[0].content',
    message: 'expected a string or an array of content parts',
  },
  {
    name: 'a tool result without tool_call_id',
    body: { model: 'gpt-4o-mini', messages: [...hello, { role: 'tool', content: '42' }] },
    status: 400,
    type: 'invalid_request_error',
    code: 'missing_required_parameter',
    param: 'messages[1].tool_call_id',
    message: "'messages[1].tool_call_id'",
  },
  {
    name: 'an image part without a URL',
    body: {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }],
    },
    status: 400,
    type: 'invalid_request_error',
    code: 'missing_required_parameter',
    param: 'messages[0].content[0].image_url.url',
    message: 'image_url.url',
  },
  {
    name: 'stream that is not a boolean',
    body: { model: 'gpt-4o-mini', messages: hello, stream: 'yes' },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_type',
    param: 'stream',
    message: 'expected a boolean',
  },
  {
    name: 'stream_options without stream',
    body: { model: 'gpt-4o-mini', messages: hello, stream_options: { include_usage: true } },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'stream_options',
    message: "only allowed when 'stream' is enabled",
  },
  {
    name: 'temperature out of range',
    body: { model: 'gpt-4o-mini', messages: hello, temperature: 5 },
    status: 400,
    type: 'invalid_request_error',
    code: 'out_of_range',
    param: 'temperature',
    message: 'from 0 to 2',
  },
  {
    name: 'max_tokens of zero',
    body: { model: 'gpt-4o-mini', messages: hello, max_tokens: 0 },
    status: 400,
    type: 'invalid_request_error',
    code: 'out_of_range',
    param: 'max_tokens',
    message: 'at least 1',
  },
  {
    name: 'more than one choice',
    body: { model: 'gpt-4o-mini', messages: hello, n: 3 },
    status: 400,
    type: 'invalid_request_error',
    code: 'unsupported_value',
    param: 'n',
    message: 'exactly one choice',
  },
  {
    name: 'tools that are not an array',
    body: { model: 'gpt-4o-mini', messages: hello, tools: { name: 'x' } },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_type',
    param: 'tools',
    message: 'expected an array',
  },
  {
    name: 'tool_choice naming a tool that is not defined',
    body: {
      model: 'gpt-4o-mini',
      messages: hello,
      tools: [{ type: 'function', function: { name: 'lookup' } }],
      tool_choice: { type: 'function', function: { name: 'delete_all' } },
    },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'tool_choice.function.name',
    message: "no tool named 'delete_all'",
  },
  {
    name: 'an unknown response_format type',
    body: { model: 'gpt-4o-mini', messages: hello, response_format: { type: 'xml' } },
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'response_format.type',
    message: '"xml"',
  },
  {
    name: 'a body past the size limit',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(200_000) }] },
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    param: null,
    message: 'the limit is 65536 bytes',
  },
  {
    name: 'no gateway key',
    body: { model: 'gpt-4o-mini', messages: hello },
    authorization: null,
    status: 401,
    type: 'authentication_error',
    code: 'missing_api_key',
    param: null,
    message: "You didn't provide an API key",
  },
  {
    name: 'a wrong gateway key',
    body: { model: 'gpt-4o-mini', messages: hello },
    authorization: 'Bearer not-the-key',
    status: 401,
    type: 'authentication_error',
    code: 'invalid_api_key',
    param: null,
    message: 'Incorrect API key provided.',
  },
  {
    name: 'a key without the Bearer scheme',
    body: { model: 'gpt-4o-mini', messages: hello },
    authorization: 'gateway-key-for-tests',
    status: 401,
    type: 'authentication_error',
    code: 'invalid_api_key',
    param: null,
    message: 'Incorrect API key provided.',
  },
  {
    name: 'an unknown model',
    body: { model: 'gpt-9-ultra', messages: hello },
    status: 404,
    type: 'not_found_error',
    code: 'model_not_found',
    param: 'model',
    message: "The model 'gpt-9-ultra' does not exist",
  },
  {
    name: 'the wrong method',
    method: 'GET',
    status: 405,
    type: 'invalid_request_error',
    code: 'method_not_allowed',
    param: null,
    message: 'use POST',
  },
  {
    name: 'an unknown path',
    path: '/v1/completions',
    body: { model: 'gpt-4o-mini', prompt: 'Hi' },
    status: 404,
    type: 'not_found_error',
    code: 'unknown_url',
    param: null,
    message: 'Unknown request URL: POST /v1/completions.',
  },
];

/** Sends one malformed case as written. */
function send(testCase: Case): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (testCase.authorization !== null)
    headers.authorization = testCase.authorization ?? `Bearer ${harness.key}`;
  const method = testCase.method ?? 'POST';
  return fetch(`${harness.url}${testCase.path ?? '/v1/chat/completions'}`, {
    method,
    headers,
    body:
      method === 'GET'
        ? undefined
        : typeof testCase.body === 'string'
          ? testCase.body
          : JSON.stringify(testCase.body),
  });
}

function upstreamRequests(): number {
  return harness.primary.requests.length + harness.fallback.requests.length;
}

describe('malformed requests get OpenAI-format errors with the right status', () => {
  it.each(cases)('$name → $status', async (testCase) => {
    const upstreamBefore = upstreamRequests();
    const response = await send(testCase);
    expect(response.status).toBe(testCase.status);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({
      type: testCase.type,
      code: testCase.code,
      param: testCase.param ?? null,
    });
    expect(body.error.message).toEqual(expect.stringContaining(testCase.message));
    // Never a stack trace or a provider key.
    expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+|sk-provider/);
    expect(upstreamRequests()).toBe(upstreamBefore);
  });

  it('sends none of them upstream, and still serves afterwards', async () => {
    const upstreamBefore = upstreamRequests();
    const statuses = await Promise.all(cases.map(async (testCase) => (await send(testCase)).status));
    expect(statuses).toEqual(cases.map((testCase) => testCase.status));
    expect(upstreamRequests()).toBe(upstreamBefore);
    const completion = await harness.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Still there?' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Hello from the fake provider.');
    expect(upstreamRequests()).toBe(upstreamBefore + 1);
  });
});
