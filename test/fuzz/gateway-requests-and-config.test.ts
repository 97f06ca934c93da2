import fc from 'fast-check';
import { it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigFileError } from '../../src/config/config-issue.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { convertToCompletionRequest } from '../../src/server/chat-completions/convert-to-completion-request.js';
import { GatewayError } from '../../src/server/core/gateway-error.js';
import { convertMessagesRequest } from '../../src/server/messages/convert-messages-request.js';
import { convertResponsesRequest } from '../../src/server/responses/convert-responses-request.js';
import { fuzzRuns, garbage, variantOf } from './wire-variants.js';

/**
 * The gateway's request converters (all three surfaces) and the configuration loader, fed hostile input:
 * a converter either converts or throws a 4xx GatewayError; the loader either loads or throws a
 * ConfigFileError whose every issue has a message (and a path or a line).
 */

const tool = {
  type: 'function',
  function: {
    name: 'f',
    description: 'd',
    parameters: { type: 'object', properties: { a: { type: 'string' } } },
  },
};
const chatBody = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'be brief' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'hi' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }],
    },
    { role: 'tool', tool_call_id: 't1', content: 'ok' },
  ],
  stream: true,
  stream_options: { include_usage: true },
  temperature: 0.5,
  max_tokens: 10,
  tools: [tool],
  tool_choice: 'auto',
  response_format: {
    type: 'json_schema',
    json_schema: { name: 'x', schema: { type: 'object' }, strict: true },
  },
  reasoning_effort: 'low',
  stop: ['x'],
};
const messagesBody = {
  model: 'claude-x',
  max_tokens: 10,
  system: [{ type: 'text', text: 'be brief', cache_control: { type: 'ephemeral' } }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'hi' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } },
      ],
    },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'tu1', name: 'f', input: { a: 'b' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu1', content: 'ok' }] },
  ],
  tools: [{ name: 'f', description: 'd', input_schema: { type: 'object' } }],
  tool_choice: { type: 'auto' },
  thinking: { type: 'enabled', budget_tokens: 1024 },
  stream: true,
  metadata: { user_id: 'u' },
  stop_sequences: ['x'],
};
const responsesBody = {
  model: 'gpt-4o',
  instructions: 'be brief',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
    { type: 'function_call_output', call_id: 'c1', output: 'ok' },
  ],
  tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
  text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } },
  reasoning: { effort: 'low' },
  max_output_tokens: 10,
  stream: true,
  store: false,
};

function convertsOrRefuses(convert: (body: unknown) => unknown) {
  return (body: unknown) => {
    try {
      convert(body);
    } catch (error) {
      if (!(error instanceof GatewayError) || error.status < 400 || error.status > 499) throw error;
    }
  };
}

const surfaces: Array<[string, unknown, (body: unknown) => unknown]> = [
  ['chat completions', chatBody, convertToCompletionRequest],
  ['messages', messagesBody, (body) => convertMessagesRequest(body)],
  ['responses', responsesBody, convertResponsesRequest],
];

for (const [name, template, convert] of surfaces) {
  it(`the ${name} converter converts or refuses with a 4xx GatewayError (${fuzzRuns} cases)`, () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 9, arbitrary: variantOf(template) }, { weight: 1, arbitrary: garbage }),
        convertsOrRefuses(convert),
      ),
      {
        numRuns: fuzzRuns,
      },
    );
  });
}

const configTemplate = {
  providers: {
    openai: {
      type: 'openai',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference the config loader resolves
      apiKey: '${OPENAI_API_KEY}',
      baseURL: 'http://127.0.0.1:1/v1',
      models: ['gpt-4o'],
    },
    claude: { type: 'anthropic', apiKey: 'k', models: ['claude-x'] },
    local: { type: 'openai-compatible', preset: 'ollama', baseURL: 'http://127.0.0.1:2/v1' },
  },
  modelMap: { fast: 'openai', smart: { provider: 'claude', model: 'claude-x' } },
  fallbacks: ['claude'],
  retry: { attempts: 2, baseDelayMs: 10 },
  circuitBreaker: { failureThreshold: 5, cooldownMs: 1000 },
  timeout: { totalMs: 1000, firstContentMs: 500 },
  rateLimit: { requestsPerMinute: 60 },
  server: { port: 8080, keys: ['k'], bodyLimit: '64kb' },
};

// YAML rendering and parsing cost about 2.5 ms a case (25 s for 10,000 on the 2-core machine).
const configRuns = fuzzRuns;

it(`the configuration loader loads or throws a ConfigFileError with located issues (${configRuns} cases)`, {
  timeout: 120_000,
}, () => {
  const text = fc.oneof(
    { weight: 8, arbitrary: variantOf(configTemplate).map((value) => stringify(value)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'a: [',
        'a: &x\n  b: *x\n',
        '- 1\n- 2',
        'x: !!binary zz',
        'a: 1\na: 2',
        '{{',
        '---\n---',
      ),
    },
  );
  fc.assert(
    fc.property(text, (yaml) => {
      try {
        parseConfig(yaml, { file: 'fuzz.yaml' });
      } catch (error) {
        if (!(error instanceof ConfigFileError) || error.file !== 'fuzz.yaml' || error.issues.length === 0)
          throw error;
        for (const issue of error.issues)
          if (typeof issue.message !== 'string' || typeof issue.path !== 'string') throw error;
      }
    }),
    { numRuns: configRuns },
  );
});
