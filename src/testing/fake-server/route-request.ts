import type { FakeFormat } from './fake-behaviour.js';
import type { PathDetails } from './wire-format.js';

/** Where a request to the fake provider server goes. */
export type FakeRoute =
  | { kind: 'completion'; upstream: string; format: FakeFormat; details: PathDetails }
  | { kind: 'models'; upstream: string; format: FakeFormat }
  /** OpenAI `/embeddings`, Gemini `:embedContent` (`batch` false) and `:batchEmbedContents`. */
  | { kind: 'embeddings'; upstream: string; format: FakeFormat; model: string | undefined; batch: boolean }
  /** A known endpoint used in a way the fake does not speak; answered with a 400 in that format. */
  | { kind: 'unsupported'; upstream: string; format: FakeFormat; message: string }
  | { kind: 'not_found' };

const geminiMethod = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
const geminiEmbed = /\/models\/([^/:]+):(embedContent|batchEmbedContents)$/;
const notFound: FakeRoute = { kind: 'not_found' };

/**
 * Reads `/{upstream}/{version...}/{endpoint}`. The endpoint picks the format, whatever the version path
 * before it, so OpenAI-compatible base URLs such as `/groq/openai/v1` work too.
 *
 * @example
 * routeRequest('POST', '/primary/v1/chat/completions'); // { kind: 'completion', upstream: 'primary', format: 'openai', ... }
 */
export function routeRequest(method: string, url: string): FakeRoute {
  const queryStart = url.indexOf('?');
  const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
  const slash = pathname.indexOf('/', 1);
  if (pathname.charCodeAt(0) !== 47 || slash === -1) return notFound;
  const upstream = decode(pathname.slice(1, slash));
  if (!upstream) return notFound;
  const rest = pathname.slice(slash);

  if (method === 'GET') {
    if (!rest.endsWith('/models')) return notFound;
    return { kind: 'models', upstream, format: rest.includes('/v1beta') ? 'gemini' : 'openai' };
  }
  if (method !== 'POST') return notFound;
  if (rest.endsWith('/chat/completions')) {
    return { kind: 'completion', upstream, format: 'openai', details: { model: undefined, stream: false } };
  }
  if (rest.endsWith('/embeddings')) {
    return { kind: 'embeddings', upstream, format: 'openai', model: undefined, batch: true };
  }
  const embed = geminiEmbed.exec(rest);
  if (embed) {
    const model = decode(embed[1]!);
    if (!model) return notFound;
    return {
      kind: 'embeddings',
      upstream,
      format: 'gemini',
      model,
      batch: embed[2] === 'batchEmbedContents',
    };
  }
  if (rest.endsWith('/messages')) {
    return {
      kind: 'completion',
      upstream,
      format: 'anthropic',
      details: { model: undefined, stream: false },
    };
  }
  const gemini = geminiMethod.exec(rest);
  if (!gemini) return notFound;
  const model = decode(gemini[1]!);
  if (!model) return notFound;
  const stream = gemini[2] === 'streamGenerateContent';
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
  if (stream && new URLSearchParams(query).get('alt') !== 'sse') {
    // Without alt=sse Gemini streams one JSON array; the fake speaks only the SSE form the adapters use.
    return {
      kind: 'unsupported',
      upstream,
      format: 'gemini',
      message: 'The fake provider server streams Gemini only with ?alt=sse.',
    };
  }
  return { kind: 'completion', upstream, format: 'gemini', details: { model, stream } };
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
