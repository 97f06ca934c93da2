import type { FinishReason, Usage } from '../../../src/types/usage.js';
import { readRecorded } from '../../helpers/fixtures.js';
import { anthropicExpectations } from '../expectations/anthropic.js';
import { openaiExpectations } from '../expectations/openai.js';
import { compatibleExpectations } from '../expectations/openai-compatible.js';
import { fromRecording, recordedReasoning, recordedText } from '../expectations/recorded-readings.js';
import type { ReplayFolder } from './replay-gateway.js';

/**
 * What one recording produces through its adapter, in the router's own terms, read from the adapter
 * suites' tables: what every surface must show its client, each in its own vocabulary.
 */
export interface ReplayExpectation {
  /** The request asked for JSON output (a JSON-schema response format). */
  json: boolean;
  text: string;
  /** Reasoning blocks in order; `signature` is the provider's (a matcher for Anthropic's), if any. */
  reasoning: Array<{ text: string; signature?: unknown }>;
  /** Complete tool calls, arguments parsed. */
  toolCalls: Array<{ name: string; args: unknown }>;
  usage: Usage;
  finishReason: FinishReason;
}

/** What a recording must make the adapter raise, when it is an error or a failing stream. */
export type ReplayFailure =
  | { kind: 'error-status'; status: number; message: string }
  | { kind: 'fails-mid-stream'; reasoningBefore: string };

/** The expectation the adapter suites hold for one recording, resolved against the recording's text. */
export function replayExpectation(folder: ReplayFolder, file: string): ReplayExpectation | ReplayFailure {
  if (folder === 'anthropic') {
    const expected = anthropicExpectations[file];
    if (expected === undefined) throw new Error(`no adapter expectation for anthropic/${file}`);
    if ('failsWith' in expected) {
      const reasoningBefore = expected.partsBeforeFailure
        .map((part) => (part.type === 'reasoning-delta' ? part.text : ''))
        .join('');
      return { kind: 'fails-mid-stream', reasoningBefore };
    }
    return {
      json: expected.json === true,
      text: expected.text,
      reasoning: expected.reasoning.map((block) => ({ text: block.text, signature: block.signature })),
      toolCalls: expected.toolCalls,
      usage: expected.usage,
      finishReason: expected.finishReason,
    };
  }
  const raw = readRecorded(folder, file);
  if (folder === 'openai') {
    const expected = openaiExpectations[file];
    if (expected === undefined) throw new Error(`no adapter expectation for openai/${file}`);
    if (expected.kind === 'error')
      return { kind: 'error-status', status: expected.status, message: expected.message };
    return {
      json: false,
      text: expected.text === fromRecording ? recordedText(file, raw) : expected.text,
      reasoning: [],
      toolCalls: [],
      usage: expected.usage,
      finishReason: expected.finishReason,
    };
  }
  const expected = compatibleExpectations[file];
  if (expected === undefined) throw new Error(`no adapter expectation for openai-compatible/${file}`);
  const reasoning =
    expected.reasoning === fromRecording ? recordedReasoning(file, raw) : (expected.reasoning ?? '');
  return {
    json: false,
    text: expected.text === fromRecording ? recordedText(file, raw) : expected.text,
    reasoning: reasoning === '' ? [] : [{ text: reasoning }],
    toolCalls: (expected.toolCalls ?? []).map((call) => ({
      name: call.name,
      args: JSON.parse(call.arguments) as unknown,
    })),
    usage: expected.usage,
    finishReason: expected.finishReason,
  };
}

/** Whether an entry is a failure rather than an answer. */
export function isFailure(entry: ReplayExpectation | ReplayFailure): entry is ReplayFailure {
  return 'kind' in entry;
}
