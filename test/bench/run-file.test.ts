import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchSettings } from '../../bench/lib/bench-settings.js';
import type { BenchRun } from '../../bench/report/bench-run.js';
import { loadRun, saveRun } from '../../bench/report/run-file.js';

describe('saved bench runs', () => {
  it('round-trips maps and the start date, so a report can be rendered again from the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'llmrouter-run-file-'));
    const run: BenchRun = {
      settings: benchSettings(true),
      machine: {
        cpuModel: 'test CPU',
        cores: 2,
        nodeVersion: '20.0.0',
        platform: 'Linux',
        pinned: true,
        loadBefore: 0.1,
        loadAfter: 0.2,
        wrkAvailable: false,
      },
      startedAt: new Date('2026-01-02T03:04:05.000Z'),
      durationMs: 1_000,
      inProcess: {
        rounds: new Map([['router', []]]),
        versions: new Map([['router', '0.1.0']]),
      },
      streaming: undefined,
      gateway: undefined,
      profiles: [],
    };
    try {
      const path = join(directory, 'run.json');
      await saveRun(run, path);
      const loaded = await loadRun(path);
      expect(loaded.startedAt).toEqual(run.startedAt);
      expect(loaded.inProcess?.versions.get('router')).toBe('0.1.0');
      expect(loaded.inProcess?.rounds).toEqual(new Map([['router', []]]));
      expect(loaded.machine).toEqual(run.machine);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
