import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { fakeEmbedding, faults } from '../../src/testing/fake-server/index.js';
import { providerKey, useGatewayHarness } from './gateway-harness.js';

// The official `openai` client's embeddings.create against a running gateway over the fake provider
// server. The harness's `gpt-4o` resolves to the OpenAI upstream (the fake embeds any model name); its
// completion fallback is Anthropic, which an embedding call must never reach.
const harness = useGatewayHarness();

/** The gateway's /metrics as sample line (name and labels) → value. */
async function scrape(url: string): Promise<Map<string, number>> {
  const samples = new Map<string, number>();
  for (const line of (await (await fetch(`${url}/metrics`)).text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

function closeTo(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [index, value] of expected.entries()) expect(actual[index]).toBeCloseTo(value, 5);
}

describe('gateway POST /v1/embeddings with the official openai client', () => {
  it('float: the vectors in input order, dimensions passed on, usage and the trail in headers', async () => {
    const { data, response } = await harness.client.embeddings
      .create({ model: 'gpt-4o', input: ['alpha', 'beta'], dimensions: 3, encoding_format: 'float' })
      .withResponse();
    expect(data.object).toBe('list');
    expect(data.data.map((item) => [item.object, item.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
    ]);
    expect(data.data[0]!.embedding).toEqual(fakeEmbedding('alpha', 3));
    expect(data.data[1]!.embedding).toEqual(fakeEmbedding('beta', 3));
    expect(data.model).toBe('gpt-4o');
    expect(data.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(response.headers.get('x-llmrouter-provider')).toBe('openai');
    expect(response.headers.get('x-llmrouter-attempts')).toBe('1');
    const sent = harness.primary.requests.at(-1)!;
    expect(sent.path).toBe('/primary/v1/embeddings');
    expect(sent.body).toMatchObject({ model: 'gpt-4o', input: ['alpha', 'beta'], dimensions: 3 });
    expect(sent.headers.authorization).toBe(`Bearer ${providerKey}`);
  });

  it('base64: float32 little-endian bytes that decode to the same vector', async () => {
    const raw = await harness.client.embeddings.create({
      model: 'gpt-4o',
      input: 'one text',
      encoding_format: 'base64',
    });
    const encoded = raw.data[0]!.embedding as unknown as string;
    expect(typeof encoded).toBe('string');
    const bytes = Buffer.from(encoded, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    closeTo(decoded, fakeEmbedding('one text'));
    // Without encoding_format the client asks for base64 and decodes it itself.
    const defaulted = await harness.client.embeddings.create({ model: 'gpt-4o', input: 'one text' });
    closeTo(defaulted.data[0]!.embedding, fakeEmbedding('one text'));
  });

  it('an upstream outage is answered in OpenAI error shape; the other-model fallback is never called', async () => {
    harness.primary.enqueue(faults.status(503), faults.status(503));
    const error = (await harness.client.embeddings
      .create({ model: 'gpt-4o', input: 'x' })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(503);
    expect((error.headers as unknown as Headers).get('x-llmrouter-attempts')).toBe('2');
    expect(harness.primary.requests).toHaveLength(2);
    expect(harness.fallback.requests).toHaveLength(0);
    expect(JSON.stringify(error.error)).not.toContain(providerKey);
  });

  it('bad input is a 400 naming the field; an unknown model a 404', async () => {
    const bad = (await harness.client.embeddings
      .create({ model: 'gpt-4o', input: [1, 2, 3] as unknown as string[] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad.param).toBe('input');
    expect(bad.message).toContain("'input' must be a string or a non-empty array of strings");
    const unknown = (await harness.client.embeddings
      .create({ model: 'no-such-model', input: 'x' })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.NotFoundError>;
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(harness.primary.requests).toHaveLength(0);
  });

  it('is counted in /metrics like a chat request: request, attempts, retry, input tokens, duration', async () => {
    const before = await scrape(harness.url);
    harness.primary.enqueue(faults.status(503));
    await harness.client.embeddings.create({
      model: 'gpt-4o',
      input: ['alpha', 'beta'],
      encoding_format: 'float',
    });
    const after = await scrape(harness.url);
    const counted = (sample: string) => (after.get(sample) ?? 0) - (before.get(sample) ?? 0);
    expect(counted('llmrouter_requests_total{model="gpt-4o",provider="openai",outcome="success"}')).toBe(1);
    expect(
      counted(
        'llmrouter_attempts_total{provider="openai",model="gpt-4o",member="",outcome="error",error_kind="overloaded"}',
      ),
    ).toBe(1);
    expect(
      counted(
        'llmrouter_attempts_total{provider="openai",model="gpt-4o",member="",outcome="success",error_kind=""}',
      ),
    ).toBe(1);
    expect(counted('llmrouter_retries_total{provider="openai"}')).toBe(1);
    expect(counted('llmrouter_tokens_total{model="gpt-4o",provider="openai",type="input"}')).toBe(3);
    expect(counted('llmrouter_tokens_total{model="gpt-4o",provider="openai",type="output"}')).toBe(0);
    expect(
      counted('llmrouter_request_duration_seconds_count{model="gpt-4o",provider="openai",stream="false"}'),
    ).toBe(1);
  });
});
