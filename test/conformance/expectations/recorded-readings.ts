// Independent readings of the raw OpenAI-format recordings (whole JSON, `*.chunks.txt` and `.sse`): the
// text and reasoning an expectation marked `fromRecording` stands for, read here without any adapter.

/** Computed by the test from the recording's raw JSON, independently of the adapter. */
export const fromRecording = Symbol('from the recording');

interface RawMessage {
  content?: unknown;
  reasoning_content?: unknown;
  reasoning?: unknown;
}

function streamPayloads(file: string, raw: string): RawMessage[] {
  const lines = raw.split('\n').filter((line) => line.trim() !== '');
  const payloads = file.endsWith('.sse')
    ? lines
        .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
        .map((line) => line.slice(6))
    : lines;
  return payloads.map((line) => {
    const choices = (JSON.parse(line) as { choices?: Array<{ delta?: RawMessage }> }).choices ?? [];
    return choices[0]?.delta ?? {};
  });
}

function rawMessage(raw: string): RawMessage {
  return (JSON.parse(raw) as { choices: Array<{ message: RawMessage }> }).choices[0]!.message;
}

/** The answer text a recording carries: the message's content, or every delta's content joined. */
export function recordedText(file: string, raw: string): string {
  if (file.endsWith('.json')) return rawMessage(raw).content as string;
  return streamPayloads(file, raw)
    .map((delta) => (typeof delta.content === 'string' ? delta.content : ''))
    .join('');
}

/** The reasoning text a recording carries (`reasoning_content` or `reasoning`), joined; `''` for none. */
export function recordedReasoning(file: string, raw: string): string {
  const reasoningOf = (message: RawMessage) => {
    const value = message.reasoning_content ?? message.reasoning;
    return typeof value === 'string' ? value : '';
  };
  if (file.endsWith('.json')) return reasoningOf(rawMessage(raw));
  return streamPayloads(file, raw).map(reasoningOf).join('');
}
