import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedDir, recordedFiles, recordedSkipReason } from '../helpers/fixtures.js';
import {
  isFailure,
  type ReplayExpectation,
  type ReplayFailure,
  replayExpectation,
} from './surfaces/replay-expectation.js';
import {
  type ReplayFolder,
  type ReplayGateway,
  replayModel,
  startReplayGateway,
  upstreamReply,
} from './surfaces/replay-gateway.js';
import { callChat, callMessages, callResponses } from './surfaces/surface-calls.js';
import { expectedChat, expectedMessages, expectedResponses } from './surfaces/surface-expectations.js';

// Every Anthropic and OpenAI-format recording, served in its own wire format by a local upstream, replayed
// through a real gateway and each of its surfaces with the official clients: the client must see what the
// adapter suites expect of the recording (text, tool calls, reasoning, stop reason, usage), in the surface's
// vocabulary. A whole-JSON recording answers a non-streamed call, a streamed one a streamed call.

type Surface = 'messages' | 'chat' | 'responses';
const surfaces: Surface[] = ['messages', 'chat', 'responses'];
const folders: ReplayFolder[] = ['anthropic', 'openai', 'openai-compatible'];

/**
 * Recordings not replayed for content on some surfaces, and why. Every other recording is replayed on
 * every surface, so a new one either passes there or needs a line here.
 */
const notReplayed: Record<string, { on: Surface[]; reason: string }> = {
  'anthropic/anthropic-json-tool.1.json': {
    on: ['messages'],
    reason: 'asks for JSON-schema output, which the Messages surface takes no field for',
  },
  'anthropic/anthropic-json-tool.1.chunks.txt': {
    on: ['messages'],
    reason: 'asks for JSON-schema output, which the Messages surface takes no field for',
  },
  'anthropic/spliced-message-start.chunks.txt': {
    on: surfaces,
    reason:
      'fails mid-stream, so there is no answer to compare: see "ends the stream of spliced-message-start with an error"',
  },
  'anthropic/sdk-incomplete_partial_json_response.txt': {
    on: surfaces,
    reason: 'its tool call is cut off, which no complete tool call can express: see "shows the cut-off call"',
  },
  'openai/reasoning-model-legacy-parameter-error.json': {
    on: surfaces,
    reason: 'an error answer, not content: see "raises the upstream 400"',
  },
};

/** Whole JSON, `*.chunks.txt` and the whole SSE bodies (`.sse`, Anthropic's `sdk-*.txt`). */
const replayable = (file: string) => file.endsWith('.json') || file.endsWith('.txt') || file.endsWith('.sse');

const recordings = folders.flatMap((folder) =>
  recordedFiles(folder)
    .filter(replayable)
    .map((file) => ({ folder, file, key: `${folder}/${file}`, stream: !file.endsWith('.json') })),
);

const cases = recordings.flatMap((recording) =>
  surfaces
    .filter((surface) => !notReplayed[recording.key]?.on.includes(surface))
    .map((surface) => ({ ...recording, surface, name: `${recording.key} via ${surface}` })),
);

const title = recordedDir
  ? 'gateway surfaces: recorded responses replayed through /v1/messages, /v1/chat/completions, /v1/responses'
  : recordedSkipReason;

describe.skipIf(!recordedDir)(title, () => {
  let replay: ReplayGateway;
  beforeAll(async () => {
    replay = await startReplayGateway();
  });
  afterAll(() => replay?.close());

  it('covers every recording, and decides only about recordings that exist', () => {
    expect(recordings.length).toBeGreaterThan(40);
    const keys = recordings.map((recording) => recording.key);
    for (const key of Object.keys(notReplayed)) expect(keys, 'a decision about no recording').toContain(key);
    // A failure (an error answer, a broken stream) has no content to replay: each must be decided.
    for (const { folder, file, key } of recordings) {
      if (isFailure(replayExpectation(folder, file))) expect(notReplayed[key]?.on, key).toEqual(surfaces);
    }
  });

  for (const { name, folder, file, surface, stream } of cases)
    it(name, async () => {
      const expected = replayExpectation(folder, file) as ReplayExpectation;
      replay.serve(upstreamReply(folder, file));
      const call = { model: replayModel(folder, file), stream, json: expected.json };
      if (surface === 'messages') {
        expect(await callMessages(replay.anthropic, call)).toEqual(expectedMessages(expected));
      } else if (surface === 'chat') {
        expect(await callChat(replay.openai, call)).toEqual(expectedChat(expected));
      } else {
        expect(await callResponses(replay.openai, call)).toEqual(expectedResponses(expected));
      }
      // The answer came from the recording, through the adapter's streamed or whole-JSON path.
      const sent = replay.upstream.requests.at(-1)?.json as { stream?: boolean };
      expect(sent.stream === true).toBe(stream);
    });

  it('raises the upstream 400 of reasoning-model-legacy-parameter-error on each surface, streamed or not', async () => {
    const file = 'reasoning-model-legacy-parameter-error.json';
    const expected = replayExpectation('openai', file) as Extract<ReplayFailure, { kind: 'error-status' }>;
    const model = replayModel('openai', file);
    const input = [{ role: 'user' as const, content: 'Replay' }];
    const attempts = [false, true].flatMap(
      (stream): Array<[Surface, () => Promise<unknown>]> => [
        [
          'messages',
          async () =>
            stream
              ? replay.anthropic.messages.stream({ model, max_tokens: 64, messages: input }).finalMessage()
              : replay.anthropic.messages.create({ model, max_tokens: 64, messages: input }),
        ],
        [
          'chat',
          async () => {
            const answer = await replay.openai.chat.completions.create({ model, messages: input, stream });
            if (stream) for await (const _chunk of answer as AsyncIterable<unknown>) expect.unreachable();
          },
        ],
        [
          'responses',
          async () =>
            stream
              ? replay.openai.responses.stream({ model, input: 'Replay' }).finalResponse()
              : replay.openai.responses.create({ model, input: 'Replay' }),
        ],
      ],
    );
    for (const [surface, attempt] of attempts) {
      replay.serve(upstreamReply('openai', file, expected.status));
      const error = await attempt().then(
        () => expect.unreachable(),
        (caught: unknown) => caught,
      );
      if (surface === 'messages') {
        expect(error).toBeInstanceOf(Anthropic.BadRequestError);
        expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toEqual({
          type: 'error',
          error: { type: 'invalid_request_error', message: expected.message },
        });
      } else {
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter' });
        expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
          message: expected.message,
          type: 'invalid_request_error',
        });
      }
    }
  });

  it('ends the stream of spliced-message-start with an error on each surface, after what arrived', async () => {
    const file = 'spliced-message-start.chunks.txt';
    const expected = replayExpectation('anthropic', file) as Extract<
      ReplayFailure,
      { kind: 'fails-mid-stream' }
    >;
    const model = replayModel('anthropic', file);
    const input = [{ role: 'user' as const, content: 'Replay' }];

    replay.serve(upstreamReply('anthropic', file));
    let thinking = '';
    const messages = replay.anthropic.messages.stream({ model, max_tokens: 64, messages: input });
    const fromMessages = await (async () => {
      for await (const event of messages)
        if (event.type === 'content_block_delta' && event.delta.type === 'thinking_delta')
          thinking += event.delta.thinking;
    })().catch((caught: unknown) => caught);
    expect(fromMessages).toBeInstanceOf(Anthropic.APIError);
    expect(thinking).toBe(expected.reasoningBefore);

    replay.serve(upstreamReply('anthropic', file));
    let reasoning = '';
    const fromChat = await (async () => {
      const chunks = await replay.openai.chat.completions.create({ model, messages: input, stream: true });
      for await (const chunk of chunks) {
        const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
        reasoning += delta?.reasoning_content ?? '';
      }
    })().catch((caught: unknown) => caught);
    expect(fromChat).toBeInstanceOf(OpenAI.APIError);
    expect(reasoning).toBe(expected.reasoningBefore);

    // The Responses stream ends with response.failed, then error: the client hands both over as events.
    replay.serve(upstreamReply('anthropic', file));
    const responses = replay.openai.responses.stream({ model, input: 'Replay' });
    const types: string[] = [];
    let summary = '';
    for await (const event of responses) {
      types.push(event.type);
      if (event.type === 'response.reasoning_summary_text.delta') summary += event.delta;
    }
    expect(types.slice(-2)).toEqual(['response.failed', 'error']);
    expect(summary).toBe(expected.reasoningBefore);
    // The client's final response is the error event's, not a Response to read content from.
    expect(await responses.finalResponse().catch((caught: unknown) => caught)).toMatchObject({
      type: 'error',
      message: expect.stringContaining('msg_first was cut off'),
    });
  });

  it('shows the cut-off call of sdk-incomplete_partial_json_response on each surface as its vendor does', async () => {
    const file = 'sdk-incomplete_partial_json_response.txt';
    const expected = replayExpectation('anthropic', file) as ReplayExpectation;
    const model = replayModel('anthropic', file);
    const input = [{ role: 'user' as const, content: 'Replay' }];
    const cutOff = (text: string) => {
      expect(text.startsWith('{"filename": "taxes.txt", "lines_of_text": [')).toBe(true);
      expect(text.endsWith('"Filing taxes')).toBe(true);
    };

    // Anthropic's own answer: the tool_use block as far as it got, and stop_reason max_tokens.
    replay.serve(upstreamReply('anthropic', file));
    const message = await replay.anthropic.messages
      .stream({ model, max_tokens: 64, messages: input })
      .finalMessage();
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.content).toEqual([
      { type: 'text', text: expected.text },
      expect.objectContaining({ type: 'tool_use', name: 'make_file' }),
    ]);
    expect((message.content[1] as { input: unknown }).input).toMatchObject({ filename: 'taxes.txt' });

    // Chat Completions: the call's fragments as they came, and finish_reason length.
    replay.serve(upstreamReply('anthropic', file));
    const chunks = await replay.openai.chat.completions.create({ model, messages: input, stream: true });
    let text = '';
    const calls: Array<{ name?: string; arguments: string }> = [];
    const finishes: string[] = [];
    for await (const chunk of chunks) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      for (const fragment of choice?.delta.tool_calls ?? []) {
        const call = calls[fragment.index] ?? { arguments: '' };
        calls[fragment.index] = call;
        call.name ??= fragment.function?.name;
        call.arguments += fragment.function?.arguments ?? '';
      }
      if (choice?.finish_reason) finishes.push(choice.finish_reason);
    }
    expect({ text, names: calls.map((call) => call.name), finishes }).toEqual({
      text: expected.text,
      names: ['make_file'],
      finishes: ['length'],
    });
    cutOff(calls[0]!.arguments);

    // Responses: an incomplete response whose function_call item is incomplete too, not a call to run.
    replay.serve(upstreamReply('anthropic', file));
    const response = await replay.openai.responses.stream({ model, input: 'Replay' }).finalResponse();
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(response.output_text).toBe(expected.text);
    expect(response.output.map((item) => [item.type, 'status' in item ? item.status : undefined])).toEqual([
      ['message', 'completed'],
      ['function_call', 'incomplete'],
    ]);
    const call = response.output[1] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call.name).toBe('make_file');
    cutOff(call.arguments);
  });
});
