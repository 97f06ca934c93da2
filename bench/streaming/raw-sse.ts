import { Agent, request } from 'undici';
import { benchApiKey, rawChatBody } from '../lib/bench-request.js';

interface ChunkBody {
  choices?: { delta?: { content?: string | null } }[];
}

const headers = { 'content-type': 'application/json', authorization: `Bearer ${benchApiKey}` };
const streamBody = JSON.stringify(rawChatBody(true));

/** A keep-alive pool for the raw reads, sized like llmrouter's shared one. */
export const rawDispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

/**
 * The least SSE handling that is still correct for Chat Completions: events split on blank lines, `data:`
 * lines parsed as JSON, `[DONE]` ends it. `onChunk` runs when each network chunk arrives, before its
 * events are parsed (for arrival timestamps). Resolves `true` when `[DONE]` arrived.
 */
export async function readSseContent(options: {
  body: AsyncIterable<Uint8Array>;
  onContent: (text: string) => void;
  onChunk?: () => void;
}): Promise<boolean> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of options.body) {
    options.onChunk?.();
    buffered += decoder.decode(chunk, { stream: true });
    let start = 0;
    let boundary = buffered.indexOf('\n\n');
    while (boundary !== -1) {
      const event = buffered.slice(start, boundary);
      start = boundary + 2;
      boundary = buffered.indexOf('\n\n', start);
      if (!event.startsWith('data: ')) continue;
      const data = event.slice(6);
      if (data === '[DONE]') return true;
      const content = (JSON.parse(data) as ChunkBody).choices?.[0]?.delta?.content;
      if (content) options.onContent(content);
    }
    buffered = buffered.slice(start);
  }
  return false;
}

/**
 * The floor for streaming: one undici request and {@link readSseContent}. Nothing a streaming client
 * can skip.
 */
export async function readRawStream(options: {
  baseURL: string;
  onContent: (text: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const response = await request(`${options.baseURL}/chat/completions`, {
    method: 'POST',
    headers,
    body: streamBody,
    dispatcher: rawDispatcher,
    signal: options.signal,
  });
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  const done = await readSseContent({ body: response.body, onContent: options.onContent });
  if (!done) throw new Error('stream ended without [DONE]');
}
