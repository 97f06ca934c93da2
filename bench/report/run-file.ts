import { readFile, writeFile } from 'node:fs/promises';
import type { BenchRun } from './bench-run.js';

const mapTag = '__map';

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? { [mapTag]: [...value.entries()] } : value;
}

function reviver(key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && mapTag in value) {
    return new Map((value as Record<typeof mapTag, [unknown, unknown][]>)[mapTag]);
  }
  if (key === 'startedAt' && typeof value === 'string') return new Date(value);
  return value;
}

/** Keeps every sample of a run, so RESULTS.md can be rendered again (`--report-only FILE`) without re-measuring. */
export async function saveRun(run: BenchRun, path: string): Promise<void> {
  await writeFile(path, JSON.stringify(run, replacer));
}

/** Reads a run saved by {@link saveRun}. */
export async function loadRun(path: string): Promise<BenchRun> {
  return JSON.parse(await readFile(path, 'utf8'), reviver) as BenchRun;
}
