import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useGatewayHarness } from './gateway-harness.js';

// Bad input on the Messages and Responses surfaces: each is answered in its own surface's error format,
// with the right status, and none reaches a provider.
const harness = useGatewayHarness();

const claude = 'claude-haiku-4-5';
const hello = [{ role: 'user', content: 'Hello' }];

interface Case {
  name: string;
  body?: unknown;
  method?: string;
  path?: string;
  /** Extra or replacing headers; an `x-api-key` of `null` leaves authentication out. */
  headers?: Record<string, string | null>;
  status: number;
  type: string;
  message: string;
  /** Responses surface only: the `param` OpenAI's error names. */
  param?: string | null;
}

const messagesCases: Case[] = [
  {
    name: 'invalid JSON',
    body: '{"model":',
    status: 400,
    type: 'invalid_request_error',
    message: 'could not parse the JSON body',
  },
  {
    name: 'missing max_tokens',
    body: { model: claude, messages: hello },
    status: 400,
    type: 'invalid_request_error',
    message: "Missing required parameter: 'max_tokens'.",
  },
  {
    name: 'max_tokens of 0',
    body: { model: claude, max_tokens: 0, messages: hello },
    status: 400,
    type: 'invalid_request_error',
    message: "'max_tokens': 0 is too small",
  },
  {
    name: 'missing model',
    body: { max_tokens: 10, messages: hello },
    status: 400,
    type: 'invalid_request_error',
    message: "Missing required parameter: 'model'.",
  },
  {
    name: 'an unknown model',
    body: { model: 'claude-unknown', max_tokens: 10, messages: hello },
    status: 404,
    type: 'not_found_error',
    message: "The model 'claude-unknown' does not exist",
  },
  {
    name: 'empty messages',
    body: { model: claude, max_tokens: 10, messages: [] },
    status: 400,
    type: 'invalid_request_error',
    message: 'at least one message is required',
  },
  {
    name: 'a system role inside messages',
    body: { model: claude, max_tokens: 10, messages: [{ role: 'system', content: 'x' }] },
    status: 400,
    type: 'invalid_request_error',
    message: "top-level 'system' field",
  },
  {
    name: 'an unknown block type',
    body: { model: claude, max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'video' }] }] },
    status: 400,
    type: 'invalid_request_error',
    message: 'messages[0].content[0].type',
  },
  {
    name: 'tool_use without input',
    body: {
      model: claude,
      max_tokens: 10,
      messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f' }] }],
    },
    status: 400,
    type: 'invalid_request_error',
    message: "Missing required parameter: 'messages[0].content[0].input'.",
  },
  {
    name: 'temperature above 1',
    body: { model: claude, max_tokens: 10, messages: hello, temperature: 1.5 },
    status: 400,
    type: 'invalid_request_error',
    message: "'temperature': 1.5 is out of range",
  },
  {
    name: 'a thinking budget not below max_tokens',
    body: {
      model: claude,
      max_tokens: 2000,
      messages: hello,
      thinking: { type: 'enabled', budget_tokens: 4000 },
    },
    status: 400,
    type: 'invalid_request_error',
    message: 'must be greater than `thinking.budget_tokens`',
  },
  {
    name: 'a server tool',
    body: {
      model: claude,
      max_tokens: 10,
      messages: hello,
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    },
    status: 400,
    type: 'invalid_request_error',
    message: "runs on Anthropic's servers",
  },
  {
    name: 'tool_choice naming no tool',
    body: {
      model: claude,
      max_tokens: 10,
      messages: hello,
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'g' },
    },
    status: 400,
    type: 'invalid_request_error',
    message: "no tool named 'g'",
  },
  {
    name: 'MCP servers',
    body: {
      model: claude,
      max_tokens: 10,
      messages: hello,
      mcp_servers: [{ type: 'url', url: 'https://mcp.example' }],
    },
    status: 400,
    type: 'invalid_request_error',
    message: 'run the MCP client yourself',
  },
  {
    name: 'no key',
    body: { model: claude, max_tokens: 10, messages: hello },
    headers: { 'x-api-key': null },
    status: 401,
    type: 'authentication_error',
    message: 'x-api-key header',
  },
  {
    name: 'GET on /v1/messages',
    method: 'GET',
    status: 405,
    type: 'invalid_request_error',
    message: 'use POST',
  },
  {
    name: 'count_tokens without messages',
    path: '/v1/messages/count_tokens',
    body: { model: claude },
    status: 400,
    type: 'invalid_request_error',
    message: "Missing required parameter: 'messages'.",
  },
];

const responsesCases: Case[] = [
  {
    name: 'invalid JSON',
    body: '[',
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'could not parse the JSON body',
  },
  {
    name: 'missing input',
    body: { model: 'gpt-4o-mini' },
    status: 400,
    type: 'invalid_request_error',
    param: 'input',
    message: "Missing required parameter: 'input'.",
  },
  {
    name: 'an unknown model',
    body: { model: 'gpt-unknown', input: 'Hi' },
    status: 404,
    type: 'not_found_error',
    param: 'model',
    message: "The model 'gpt-unknown' does not exist",
  },
  {
    name: 'previous_response_id',
    body: { model: 'gpt-4o-mini', input: 'Hi', previous_response_id: 'resp_1' },
    status: 400,
    type: 'invalid_request_error',
    param: 'previous_response_id',
    message: 'stateless',
  },
  {
    name: 'store: true',
    body: { model: 'gpt-4o-mini', input: 'Hi', store: true },
    status: 400,
    type: 'invalid_request_error',
    param: 'store',
    message: "send 'store: false'",
  },
  {
    name: 'background mode',
    body: { model: 'gpt-4o-mini', input: 'Hi', background: true },
    status: 400,
    type: 'invalid_request_error',
    param: 'background',
    message: "send 'stream: true'",
  },
  {
    name: 'a conversation',
    body: { model: 'gpt-4o-mini', input: 'Hi', conversation: 'conv_1' },
    status: 400,
    type: 'invalid_request_error',
    param: 'conversation',
    message: 'keeps no conversations',
  },
  {
    name: 'the web search tool',
    body: { model: 'gpt-4o-mini', input: 'Hi', tools: [{ type: 'web_search' }] },
    status: 400,
    type: 'invalid_request_error',
    param: 'tools[0].type',
    message: "Hosted tool 'web_search'",
  },
  {
    name: 'the file search tool',
    body: { model: 'gpt-4o-mini', input: 'Hi', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] },
    status: 400,
    type: 'invalid_request_error',
    param: 'tools[0].type',
    message: "Hosted tool 'file_search'",
  },
  {
    name: 'the code interpreter',
    body: {
      model: 'gpt-4o-mini',
      input: 'Hi',
      tools: [{ type: 'code_interpreter', container: { type: 'auto' } }],
    },
    status: 400,
    type: 'invalid_request_error',
    param: 'tools[0].type',
    message: "Hosted tool 'code_interpreter'",
  },
  {
    name: 'an item_reference',
    body: { model: 'gpt-4o-mini', input: [{ type: 'item_reference', id: 'msg_1' }] },
    status: 400,
    type: 'invalid_request_error',
    param: 'input[0].type',
    message: 'stores none',
  },
  {
    name: 'a function_call without call_id',
    body: { model: 'gpt-4o-mini', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
    status: 400,
    type: 'invalid_request_error',
    param: 'input[0].call_id',
    message: "Missing required parameter: 'input[0].call_id'.",
  },
  {
    name: 'a json_schema format without a schema',
    body: { model: 'gpt-4o-mini', input: 'Hi', text: { format: { type: 'json_schema', name: 'x' } } },
    status: 400,
    type: 'invalid_request_error',
    param: 'text.format.schema',
    message: "Missing required parameter: 'text.format.schema'.",
  },
  {
    name: 'an unknown reasoning effort',
    body: { model: 'gpt-4o-mini', input: 'Hi', reasoning: { effort: 'huge' } },
    status: 400,
    type: 'invalid_request_error',
    param: 'reasoning.effort',
    message: "'reasoning.effort'",
  },
  {
    name: 'retrieving a stored response',
    method: 'GET',
    path: '/v1/responses/resp_123',
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'stores none',
  },
];

async function send(
  testCase: Case,
  options: { path: string; auth: Record<string, string> },
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.auth };
  for (const [name, value] of Object.entries(testCase.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const method = testCase.method ?? 'POST';
  return fetch(`${harness.url}${testCase.path ?? options.path}`, {
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

describe('malformed Messages requests get Anthropic-format errors', () => {
  it.each(messagesCases)('$name → $status', async (testCase) => {
    const response = await send(testCase, { path: '/v1/messages', auth: { 'x-api-key': harness.key } });
    expect(response.status).toBe(testCase.status);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(Object.keys(body)).toEqual(['type', 'error']);
    expect(body.type).toBe('error');
    expect(body.error.type).toBe(testCase.type);
    expect(body.error.message).toEqual(expect.stringContaining(testCase.message));
    expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+|sk-provider/);
  });
});

describe('malformed Responses requests get OpenAI-format errors that name the field', () => {
  it.each(responsesCases)('$name → $status', async (testCase) => {
    const response = await send(testCase, {
      path: '/v1/responses',
      auth: { authorization: `Bearer ${harness.key}` },
    });
    expect(response.status).toBe(testCase.status);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ type: testCase.type, param: testCase.param ?? null });
    expect(body.error.message).toEqual(expect.stringContaining(testCase.message));
  });
});

describe('after the malformed requests', () => {
  it('sent none of them upstream, and still serves both surfaces', async () => {
    expect(harness.primary.requests).toHaveLength(0);
    expect(harness.fallback.requests).toHaveLength(0);
    const anthropic = new Anthropic({ apiKey: harness.key, baseURL: harness.url, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: claude,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Still there?' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the fake provider.' }]);
    const answer = await harness.client.responses.create({ model: 'gpt-4o-mini', input: 'Still there?' });
    expect(answer.output_text).toBe('Hello from the fake provider.');
    expect(harness.fallback.requests).toHaveLength(1);
    expect(harness.primary.requests).toHaveLength(1);
  });
});
