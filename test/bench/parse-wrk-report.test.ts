import { describe, expect, it } from 'vitest';
import { parseWrkReport } from '../../bench/gateway/wrk.js';

// wrk 4.1.0's report with --latency, as printed against a local server.
const report = `Running 3s test @ http://127.0.0.1:41234/v1/chat/completions
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.31ms    1.02ms  18.40ms   91.20%
    Req/Sec    14.02k     1.10k   15.80k    80.00%
  Latency Distribution
     50%  142.00us
     75%    2.40ms
     90%    3.12ms
     99%    1.05s
  42061 requests in 3.00s, 31.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 61
Requests/sec:  14020.33
Transfer/sec:     10.40MB
`;

describe('parseWrkReport', () => {
  it('reads 2xx requests, non-2xx, socket errors, duration and p50/p99 in milliseconds', () => {
    expect(parseWrkReport(report)).toEqual({
      requests: 42_000,
      non2xx: 61,
      errors: 3,
      elapsedMs: 3_000,
      p50Ms: 0.142,
      p99Ms: 1_050,
    });
  });

  it('reads a clean run without the error lines', () => {
    const clean = report.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
    expect(parseWrkReport(clean)).toMatchObject({ requests: 42_061, non2xx: 0, errors: 0 });
  });

  it('refuses output that is not a wrk report', () => {
    expect(() => parseWrkReport('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(
      /wrk printed no request count/,
    );
  });
});
