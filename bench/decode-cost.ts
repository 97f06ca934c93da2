/**
 * What the adapters themselves cost, with no network: each native adapter decodes a 1,000-part stream and
 * reads a non-streamed answer from an in-memory body (the `fetch` option), so the figures are the HTTP
 * skeleton, the SSE reader, the decoder and the wire checks, and nothing else. Not a test: it prints
 * CPU microseconds per part and per call (the median and the least of the rounds). Run with `npx tsx bench/decode-cost.ts`.
 */
import { pathToFileURL } from 'node:url';
import * as current from '../src/providers/index.js';
import type { Provider } from '../src/types/provider.js';

const partCount = 1_000;
const rounds = Number(process.env.DECODE_COST_ROUNDS ?? 9);
const streamIterations = 20;
const completeIterations = 2_000;

function sse(events: readonly unknown[], options: { named?: boolean; terminator?: string } = {}): string {
  let text = '';
  for (const event of events) {
    const type = (event as { type?: string }).type;
    if (options.named && type) text += `event: ${type}\n`;
    text += `data: ${JSON.stringify(event)}\n\n`;
  }
  if (options.terminator) text += `data: ${options.terminator}\n\n`;
  return text;
}

const words = Array.from({ length: partCount }, (_, index) => `word${index} `);

const openAIStream = sse(
  [
    { id: 'c1', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] },
    ...words.map((word) => ({
      id: 'c1',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content: word } }],
    })),
    { id: 'c1', model: 'gpt-4o-mini', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    { id: 'c1', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 10, completion_tokens: 1000 } },
  ],
  { terminator: '[DONE]' },
);
const anthropicStream = sse(
  [
    {
      type: 'message_start',
      message: { id: 'm1', model: 'claude-sonnet-4-5', usage: { input_tokens: 10, output_tokens: 1 } },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ...words.map((word) => ({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: word },
    })),
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1000 } },
    { type: 'message_stop' },
  ],
  { named: true },
);
const geminiStream = sse([
  ...words.map((word) => ({
    candidates: [{ content: { role: 'model', parts: [{ text: word }] } }],
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  })),
  {
    candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1000, totalTokenCount: 1010 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  },
]);

const answer = 'The document is an invoice from a supplier, dated last month, asking for payment.';
const openAIAnswer = JSON.stringify({
  id: 'c1',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
});
const anthropicAnswer = JSON.stringify({
  id: 'm1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: answer }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 10, output_tokens: 20 },
});
const geminiAnswer = JSON.stringify({
  candidates: [{ content: { role: 'model', parts: [{ text: answer }] }, finishReason: 'STOP' }],
  usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 20, totalTokenCount: 30 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'r1',
});

const encoder = new TextEncoder();

/** A `fetch` that answers every call with the same bytes, split in 4 KB network-sized chunks. */
function fetchAnswering(body: string): (input: string, init: RequestInit) => Promise<Response> {
  const bytes = encoder.encode(body);
  const chunkSize = 4_096;
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let start = 0; start < bytes.length; start += chunkSize) {
            controller.enqueue(bytes.subarray(start, start + chunkSize));
          }
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
}

interface Case {
  label: string;
  streaming: Provider;
  completing: Provider;
  model: string;
}

const key = 'bench-key-0123456789';
type Factories = Pick<typeof current, 'openai' | 'anthropic' | 'gemini'>;

function casesOf(factories: Factories, suffix: string): Case[] {
  const { openai, anthropic, gemini } = factories;
  return [
    {
      label: `openai${suffix}`,
      model: 'gpt-4o-mini',
      streaming: openai({ apiKey: key, fetch: fetchAnswering(openAIStream) }),
      completing: openai({ apiKey: key, fetch: fetchAnswering(openAIAnswer) }),
    },
    {
      label: `anthropic${suffix}`,
      model: 'claude-sonnet-4-5',
      streaming: anthropic({ apiKey: key, fetch: fetchAnswering(anthropicStream) }),
      completing: anthropic({ apiKey: key, fetch: fetchAnswering(anthropicAnswer) }),
    },
    {
      label: `gemini${suffix}`,
      model: 'gemini-2.5-flash',
      streaming: gemini({ apiKey: key, fetch: fetchAnswering(geminiStream) }),
      completing: gemini({ apiKey: key, fetch: fetchAnswering(geminiAnswer) }),
    },
  ];
}

const baselineRoot = process.env.DECODE_COST_BASELINE;
const baseline: Factories | undefined = baselineRoot
  ? await import(pathToFileURL(`${baselineRoot}/src/providers/index.ts`).href)
  : undefined;
const currentCases = casesOf(current, '');
const baselineCases = baseline ? casesOf(baseline, ' (baseline)') : [];
// Each adapter next to its baseline, so a round measures the two back to back.
const allCases = currentCases.flatMap((testCase, position) => {
  const other = baselineCases[position];
  return other ? [testCase, other] : [testCase];
});

// `npx tsx bench/decode-cost.ts openai` measures one adapter alone (its call sites then see one decoder).
const only = process.argv[2];
const cases = only ? allCases.filter((testCase) => testCase.label.split(' ')[0] === only) : allCases;

async function streamOnce(testCase: Case): Promise<number> {
  let textParts = 0;
  for await (const part of testCase.streaming.stream({
    model: testCase.model,
    messages: [{ role: 'user', content: 'Say a thousand words' }],
  })) {
    if (part.type === 'text-delta') textParts++;
  }
  return textParts;
}

async function microsecondsPerPart(testCase: Case): Promise<number> {
  const start = process.cpuUsage();
  let parts = 0;
  for (let iteration = 0; iteration < streamIterations; iteration++) parts += await streamOnce(testCase);
  return cpuMicroseconds(start) / parts;
}

async function microsecondsPerCall(testCase: Case): Promise<number> {
  const request = { model: testCase.model, messages: [{ role: 'user' as const, content: 'Classify' }] };
  const start = process.cpuUsage();
  for (let iteration = 0; iteration < completeIterations; iteration++) {
    const response = await testCase.completing.complete(request);
    if (response.text !== answer) throw new Error(`${testCase.label} answered ${response.text}`);
  }
  return cpuMicroseconds(start) / completeIterations;
}

/** CPU time (user and system) since `start`: wall time on a shared machine measures the neighbours. */
function cpuMicroseconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (const testCase of cases) {
  if ((await streamOnce(testCase)) !== partCount) throw new Error(`${testCase.label}: wrong part count`);
}
const perPart = new Map<string, number[]>();
const perCall = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const testCase of cases) {
    const parts = perPart.get(testCase.label) ?? [];
    parts.push(await microsecondsPerPart(testCase));
    perPart.set(testCase.label, parts);
    const calls = perCall.get(testCase.label) ?? [];
    calls.push(await microsecondsPerCall(testCase));
    perCall.set(testCase.label, calls);
  }
}
/** The median over rounds of this round's figure divided by the baseline's in the same round. */
function pairedRatio(values: number[], baselineValues: number[] | undefined): string {
  if (!baselineValues) return '';
  const ratios = values.map((value, round) => value / baselineValues[round]!);
  return ` ×${median(ratios).toFixed(3)}`;
}

for (const testCase of cases) {
  const parts = perPart.get(testCase.label)!;
  const calls = perCall.get(testCase.label)!;
  const baselinePart = perPart.get(`${testCase.label} (baseline)`);
  const baselineCall = perCall.get(`${testCase.label} (baseline)`);
  console.log(
    `${testCase.label.padEnd(21)} stream ${median(parts).toFixed(3)} µs/part (min ${Math.min(...parts).toFixed(3)})${pairedRatio(parts, baselinePart)}   complete ${median(calls).toFixed(2)} µs/call (min ${Math.min(...calls).toFixed(2)})${pairedRatio(calls, baselineCall)}`,
  );
}
