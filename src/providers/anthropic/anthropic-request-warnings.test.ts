import { describe, expect, it } from 'vitest';
import {
  ask,
  collect,
  endEvents,
  sse,
  textEvents,
  useAnthropicTestServer,
} from '../../../test/helpers/anthropic-test-server.js';
import { sendSse } from '../../../test/helpers/local-server.js';
import { createRouter } from '../../router/create-router.js';
import type { SettingWarning } from '../../types/warning.js';

const local = useAnthropicTestServer();
const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

function summary(warnings: readonly SettingWarning[] | undefined) {
  return warnings?.map((warning) =>
    warning.value === undefined
      ? [warning.setting, warning.type]
      : [warning.setting, warning.type, warning.value],
  );
}

describe('Anthropic warnings', () => {
  it('drops sampling settings extended thinking rejects, and says so', async () => {
    const response = await local
      .provider()
      .complete(ask('Hi', { reasoning: { effort: 'low' }, temperature: 0.2, topP: 0.5, topK: 20 }));
    const body = local.sentBody();
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('top_k');
    expect(summary(response.warnings)).toEqual([
      ['temperature', 'dropped'],
      ['topP', 'dropped'],
      ['topK', 'dropped'],
    ]);
  });

  it('keeps a top_p of 0.95 or more with thinking, without a warning', async () => {
    const response = await local.provider().complete(ask('Hi', { reasoning: { effort: 'low' }, topP: 0.97 }));
    expect(local.sentBody().top_p).toBe(0.97);
    expect(response).not.toHaveProperty('warnings');
  });

  it('reports the settings the Messages API has no field for', async () => {
    const response = await local
      .provider()
      .complete(ask('Hi', { seed: 1, presencePenalty: 0.1, frequencyPenalty: 0.2 }));
    const body = local.sentBody();
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('presence_penalty');
    expect(body).not.toHaveProperty('frequency_penalty');
    expect(summary(response.warnings)).toEqual([
      ['seed', 'dropped'],
      ['presencePenalty', 'dropped'],
      ['frequencyPenalty', 'dropped'],
    ]);
  });

  it('reports a thinking budget adjusted to fit max_tokens, with the budget sent', async () => {
    const response = await local
      .provider()
      .complete(ask('Hi', { maxTokens: 3000, reasoning: { budgetTokens: 5000 } }));
    expect(local.sentBody().thinking).toEqual({ type: 'enabled', budget_tokens: 2999 });
    expect(summary(response.warnings)).toEqual([['reasoning.budgetTokens', 'changed', 2999]]);
  });

  it('reports a strict schema sent through the tool, and none when it goes native', async () => {
    const format = { type: 'json_schema' as const, schema, strict: true };
    const viaTool = await local
      .provider({ structuredOutput: 'tool' })
      .complete(ask('Hi', { responseFormat: format }));
    expect(local.sentBody().tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(summary(viaTool.warnings)).toEqual([['responseFormat.strict', 'unsupported']]);

    local.server.requests.length = 0;
    const native = await local
      .provider({ structuredOutput: 'native' })
      .complete(ask('Hi', { responseFormat: format }));
    expect(local.sentBody()).toHaveProperty('output_config');
    expect(native).not.toHaveProperty('warnings');
  });

  it('reports JSON output and a forced tool choice that thinking turns into auto', async () => {
    const response = await local.provider({ structuredOutput: 'tool' }).complete(
      ask('Hi', {
        reasoning: { effort: 'low' },
        tools: [{ name: 'lookup', parameters: { type: 'object' } }],
        toolChoice: 'required',
        responseFormat: { type: 'json' },
      }),
    );
    expect(local.sentBody().tool_choice).toEqual({ type: 'auto' });
    expect(summary(response.warnings)).toEqual([
      ['responseFormat', 'unsupported'],
      ['toolChoice', 'changed', 'auto'],
    ]);
  });

  it('carries no warnings for a request Anthropic takes as it is', async () => {
    const response = await local.provider().complete(ask('Hi', { temperature: 0.2, topK: 5, stop: ['x'] }));
    expect(local.sentBody()).toMatchObject({ temperature: 0.2, top_k: 5 });
    expect(response).not.toHaveProperty('warnings');
  });

  it('puts a stream’s warnings on its finish part, the router’s final response and the trail', async () => {
    local.handler = (_received, response) => sendSse(response, sse([...textEvents, ...endEvents]));
    const router = createRouter({ providers: { claude: local.provider() } });
    const stream = router.stream(ask('Hi', { reasoning: { effort: 'low' }, temperature: 0.7 }));
    const parts = await collect(stream);
    expect(local.sentBody()).not.toHaveProperty('temperature');
    const temperature = expect.objectContaining({ setting: 'temperature', type: 'dropped' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', warnings: [temperature] });
    expect((await stream.response).warnings).toEqual([temperature]);
    expect(stream.trail.map((attempt) => attempt.warnings)).toEqual([[temperature]]);
  });

  it('streams without warnings when there are none', async () => {
    local.handler = (_received, response) => sendSse(response, sse([...textEvents, ...endEvents]));
    const parts = await collect(local.provider().stream(ask('Hi')));
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
    expect(parts.at(-1)).not.toHaveProperty('warnings');
  });
});
