import type { BenchRun, ProfileSummary } from './bench-run.js';
import type { ProfileEntry } from './cpu-profile.js';
import { number, table } from './format.js';

function profileTable(entries: readonly ProfileEntry[], what: string): string {
  return table(
    ['self time', 'share', what],
    entries.map((entry) => [
      `${number(entry.selfMs)} ms`,
      `${number(entry.share * 100, 1)}%`,
      `\`${entry.location}\``,
    ]),
  );
}

const startUpArea = 'module loading (start-up)';

/** Self time per operation by area, the floor beside llmrouter, largest difference first. */
function areaComparison(floor: ProfileSummary, measured: ProfileSummary, unit: string): string {
  const perOperation = (profile: ProfileSummary) =>
    new Map(
      profile.areas.map((entry) => [entry.location, (entry.selfMs * 1000) / Math.max(1, profile.operations)]),
    );
  const floorAreas = perOperation(floor);
  const measuredAreas = perOperation(measured);
  // Start-up is a one-off, not a per-call cost: the profiles include it only because --cpu-prof starts at launch.
  for (const areas of [floorAreas, measuredAreas]) areas.delete(startUpArea);
  const areas = [...new Set([...floorAreas.keys(), ...measuredAreas.keys()])];
  const rows = areas
    .map((area) => ({ area, floor: floorAreas.get(area) ?? 0, measured: measuredAreas.get(area) ?? 0 }))
    .sort((left, right) => right.measured - right.floor - (left.measured - left.floor))
    .filter((row) => row.floor >= 0.5 || row.measured >= 0.5);
  const total = (values: Map<string, number>) => [...values.values()].reduce((sum, value) => sum + value, 0);
  rows.push({
    area: '**all sampled CPU but start-up**',
    floor: total(floorAreas),
    measured: total(measuredAreas),
  });
  return table(
    ['area', `${floor.name} µs/${unit}`, `${measured.name} µs/${unit}`, 'difference'],
    rows.map((row) => [
      row.area,
      number(row.floor, 1),
      number(row.measured, 1),
      number(row.measured - row.floor, 1),
    ]),
  );
}

/** The profiles section of RESULTS.md: llmrouter beside its floor, by area, caller and function. */
export function profilesSection(run: BenchRun): string {
  if (run.profiles.length === 0) return '_No profiles taken in this run (`--quick` skips them)._';
  const byName = new Map(run.profiles.map((profile) => [profile.name, profile]));
  const sections: string[] = [];
  const pairs = [
    ['adapter', 'router', 'call', '`router.complete` against the adapter alone (in-process)'],
    ['bare-proxy', 'llmrouter', 'request', '`llmrouter serve` against the bare proxy'],
  ] as const;
  for (const [floorName, measuredName, unit, title] of pairs) {
    const floor = byName.get(floorName);
    const measured = byName.get(measuredName);
    if (!floor || !measured) continue;
    sections.push(
      [
        `### ${title}`,
        '',
        `Profiled: ${floor.workload}; ${measured.workload}. ${number(floor.operations)} and ` +
          `${number(measured.operations)} ${unit}s served. Self time per ${unit} by area, largest ` +
          'difference first (areas under 0.5 µs in both left out, and module loading at start-up too):',
        '',
        areaComparison(floor, measured, unit),
        '',
        `\`${measuredName}\` by the nearest llmrouter function on the stack (its own code plus what it calls synchronously):`,
        '',
        profileTable(measured.callers, 'llmrouter function (file)'),
        '',
        `\`${measuredName}\` top functions by self time:`,
        '',
        profileTable(measured.functions, 'function (file)'),
      ].join('\n'),
    );
  }
  return sections.join('\n\n');
}
