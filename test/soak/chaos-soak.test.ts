import { expect, it } from 'vitest';
import { runChaosSoak } from './chaos-soak.js';

// The bounded soak CI runs (the full one: `npm run soak -- --minutes N`).
const durationMs = Number(process.env.SOAK_MS ?? 45_000);

it('a chaos soak through the router and the gateway keeps every promise', {
  timeout: durationMs + 90_000,
}, async () => {
  const report = await runChaosSoak({ durationMs });
  console.log(JSON.stringify(report, null, 2));
  expect(report.violations).toEqual([]);
  expect(report.neverSettled).toBe(0);
  expect(report.settledTwice).toBe(0);
  // Faults were really met on both paths, and the healthy fallback carried the calls.
  expect(Object.keys(report.faultsInjected).length).toBeGreaterThanOrEqual(12);
  expect(report.router.whole).toBeGreaterThan(report.router.calls * 0.8);
  expect(report.gateway.whole).toBeGreaterThan(report.gateway.calls * 0.8);
  expect(report.memory.heapEndMB - report.memory.heapStartMB).toBeLessThan(40);
});
