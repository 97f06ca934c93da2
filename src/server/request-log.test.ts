import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

function capture() {
  const writes: string[] = [];
  return { writes, output: { write: (text: string) => writes.push(text) } };
}

const entry = { id: 'req-1', method: 'POST', path: '/v1/chat/completions', status: 200, latencyMs: 1.5 };

describe('RequestLog', () => {
  it('writes one JSON object per request, time, level and msg first, then the entry as given', async () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, true);
    log.request({ ...entry, model: 'gpt-4o-mini', error: 'quote " and\nnewline' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
    const text = writes[0]!;
    expect(text.endsWith('\n')).toBe(true);
    const record = JSON.parse(text);
    expect(Object.keys(record)).toEqual(['time', 'level', 'msg', ...Object.keys(entry), 'model', 'error']);
    expect(record).toMatchObject({ level: 'info', msg: 'request', ...entry, error: 'quote " and\nnewline' });
    expect(Number.isNaN(Date.parse(record.time))).toBe(false);
  });

  it('batches the lines of one tick into one write', async () => {
    const { writes, output } = capture();
    const log = new RequestLog(output, true);
    log.request(entry);
    log.request({ ...entry, id: 'req-2' });
    log.event('warn', { msg: 'draining', inFlight: 2 });
    expect(writes).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
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
});
