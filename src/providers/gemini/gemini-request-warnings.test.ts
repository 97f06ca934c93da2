import { describe, expect, it } from 'vitest';
import { hi, okBody, useGeminiTestServer } from '../../../test/helpers/gemini-test-server.js';
import { sendSse } from '../../../test/helpers/local-server.js';
import { createRouter } from '../../router/create-router.js';
import type { StreamPart } from '../../types/stream-part.js';

const local = useGeminiTestServer();
const tools = [{ name: 'lookup', parameters: { type: 'object' } }];

function sentBody(): Record<string, unknown> {
  expect(local.server.requests).toHaveLength(1);
  return local.server.requests[0]!.json as Record<string, unknown>;
}

describe('Gemini warnings', () => {
  it('reports parallelToolCalls: false and user, which Gemini has no field for', async () => {
    const response = await local.provider().complete({ ...hi, tools, parallelToolCalls: false, user: 'u-1' });
    const body = sentBody();
    expect(JSON.stringify(body)).not.toContain('u-1');
    expect(JSON.stringify(body)).not.toMatch(/parallel/i);
    expect(response.warnings?.map((warning) => [warning.setting, warning.type])).toEqual([
      ['parallelToolCalls', 'dropped'],
      ['user', 'dropped'],
    ]);
  });

  it('keeps a pass-through candidateCount but warns that only the first candidate is read', async () => {
    const response = await local.provider().complete({
      ...hi,
      providerOptions: { gemini: { generationConfig: { candidateCount: 2 } } },
    });
    expect(sentBody().generationConfig).toEqual({ candidateCount: 2 });
    expect(response.warnings).toEqual([
      expect.objectContaining({
        setting: 'providerOptions.generationConfig.candidateCount',
        type: 'unsupported',
      }),
    ]);
  });

  it('carries no warnings for settings Gemini takes, parallelToolCalls: true among them', async () => {
    const response = await local.provider().complete({
      ...hi,
      tools,
      parallelToolCalls: true,
      temperature: 0.1,
      seed: 3,
      providerOptions: { gemini: { generationConfig: { candidateCount: 1 } } },
    });
    expect(sentBody().generationConfig).toMatchObject({ temperature: 0.1, seed: 3 });
    expect(response).not.toHaveProperty('warnings');
  });

  it('puts a stream’s warnings on its finish part, the router’s final response and the trail', async () => {
    local.handle = (_received, response) => sendSse(response, `data: ${JSON.stringify(okBody)}\n\n`);
    const router = createRouter({ providers: { gemini: local.provider() } });
    const stream = router.stream({ ...hi, user: 'u-2' });
    const parts: StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(local.server.requests[0]?.url).toContain(':streamGenerateContent');
    expect(local.server.requests[0]?.body).not.toContain('u-2');
    const user = expect.objectContaining({ setting: 'user', type: 'dropped' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', warnings: [user] });
    expect((await stream.response).warnings).toEqual([user]);
    expect(stream.trail.map((attempt) => attempt.warnings)).toEqual([[user]]);
  });

  it('streams without warnings when there are none', async () => {
    local.handle = (_received, response) => sendSse(response, `data: ${JSON.stringify(okBody)}\n\n`);
    const parts: StreamPart[] = [];
    for await (const part of local.provider().stream(hi)) parts.push(part);
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
    expect(parts.at(-1)).not.toHaveProperty('warnings');
  });
});
