/**
 * `npm run soak [-- --minutes N]`: the chaos soak for as long as asked (default 1 minute), printing its
 * report as JSON; exits 1 when the report has violations.
 */
import { runChaosSoak } from './chaos-soak.js';

const at = process.argv.indexOf('--minutes');
const minutes = at >= 0 ? Number(process.argv[at + 1]) : 1;
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('usage: npm run soak -- --minutes N');
  process.exit(2);
}
const report = await runChaosSoak({ durationMs: minutes * 60_000 });
console.log(JSON.stringify(report, null, 2));
process.exit(report.violations.length === 0 ? 0 : 1);
