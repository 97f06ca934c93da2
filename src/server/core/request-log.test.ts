import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLog } from './request-log.js';

function capture() {
  const writes: string[] = [];
  return { writes, output: { write: (text: string) => writes.push(text) } };
}

const entry = { id: 'req-1', method: 'POST', path: '/v1/chat/completions', status: 200, latencyMs: 1.5 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RequestLog', () => {
  it('writes one JSON object per request, time, level and msg first, then the entry as given', () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, true);
    log.request({ ...entry, model: 'gpt-4o-mini', error: 'quote " and\nnewline' });
    vi.advanceTimersByTime(20);
    expect(writes).toHaveLength(1);
    const text = writes[0]!;
    expect(text.endsWith('\n')).toBe(true);
    const record = JSON.parse(text);
    expect(Object.keys(record)).toEqual(['time', 'level', 'msg', ...Object.keys(entry), 'model', 'error']);
    expect(record).toMatchObject({ level: 'info', msg: 'request', ...entry, error: 'quote " and\nnewline' });
    expect(Number.isNaN(Date.parse(record.time))).toBe(false);
  });

  it('writes the tagged fields into every request and event line', () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, true);
    log.tag({ worker: 3, role: 'x"y' });
    log.request({ ...entry });
    log.event('info', { msg: 'started' });
    log.flush();
    const [request, event] = writes
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(request).toMatchObject({ msg: 'request', worker: 3, role: 'x"y', ...entry });
    expect(event).toMatchObject({ msg: 'started', level: 'info', worker: 3, role: 'x"y' });
  });

  it('batches the lines of 20 ms into one write', () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, true);
    log.request(entry);
    log.request({ ...entry, id: 'req-2' });
    log.event('warn', { msg: 'draining', inFlight: 2 });
    vi.advanceTimersByTime(19);
    expect(writes).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(writes).toHaveLength(1);
    const lines = writes[0]!
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id ?? line.msg)).toEqual(['req-1', 'req-2', 'draining']);
    expect(lines[2]).toMatchObject({ level: 'warn', inFlight: 2 });
  });

  it('with request logging off, still writes the gateway events', () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, false);
    log.request(entry);
    log.event('info', { msg: 'listening' });
    log.flush();
    expect(
      writes
        .join('')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['listening']);
  });

  it('writes at once when 32 KB are pending, and flush leaves no timer behind', () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, true);
    const long = 'x'.repeat(1_000);
    for (let index = 0; index < 40; index++) log.request({ ...entry, error: long });
    expect(writes).toHaveLength(1);
    expect(writes[0]!.length).toBeGreaterThanOrEqual(32 * 1024);
    log.flush();
    expect(writes).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
    expect(writes.join('').trimEnd().split('\n')).toHaveLength(40);
  });
});

describe('RequestLog redaction', () => {
  it('masks secrets anywhere, credential and configured names in content, and named query parameters', () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, true, {
      names: ['ssn'],
      secrets: ['sk-provider-0123456789', 'short'],
    });
    log.request({
      ...entry,
      path: '/v1/chat/completions?key=AIza-secret-in-query&api-version=1',
      error: 'upstream said: bad key sk-provider-0123456789',
      messages: [
        {
          role: 'user',
          content: 'my key is sk-provider-0123456789',
          headers: { Authorization: 'Bearer x' },
          ssn: '123',
        },
      ],
    });
    log.event('warn', { msg: 'started with sk-provider-0123456789' });
    vi.advanceTimersByTime(20);
    const text = writes.join('');
    expect(text).not.toContain('sk-provider-0123456789');
    expect(text).not.toContain('AIza-secret-in-query');
    const [request, event] = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(request.path).toBe('/v1/chat/completions?key=[redacted]&api-version=1');
    expect(request.error).toBe('upstream said: bad key [redacted]');
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: 'my key is [redacted]',
        headers: { Authorization: '[redacted]' },
        ssn: '[redacted]',
      },
    ]);
    expect(event.msg).toBe('started with [redacted]');
    // Too short to be a key: masking it would mangle ordinary words.
    expect(text).toContain('"status":200');
  });
});
