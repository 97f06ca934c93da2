import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/fake-server/index.js';

/** What a `serve` child-process suite shares: a fake provider server and a folder for its config files. */
export interface ServeFixture {
  readonly fake: FakeProviderServer;
  readonly folder: string;
}

/** Starts the fixture before the suite's tests and removes it after (call at the top of the file). */
export function useServeFixture(folderPrefix: string): ServeFixture {
  const fixture = {} as { fake: FakeProviderServer; folder: string };
  beforeAll(async () => {
    fixture.fake = await startFakeProviderServer();
    fixture.folder = await mkdtemp(join(tmpdir(), folderPrefix));
  });
  afterAll(async () => {
    await fixture.fake?.close();
    if (fixture.folder) await rm(fixture.folder, { recursive: true, force: true });
  });
  return fixture;
}

/** Polls (real time: a child process is on the other side) until `condition` holds, or fails naming `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Writes `file` in the fixture's folder: one OpenAI provider on `upstream` serving `gpt-4o-mini` with the
 * key from `UPSTREAM_KEY`, the server on a free port with `gracePeriodMs`, then the top-level YAML lines
 * of `extra` (a `modelMap:`, say); returns its path. Writing it again over the same file is an edit.
 */
export async function writeServeConfig(
  fixture: ServeFixture,
  options: { upstream: string; file: string; gracePeriodMs: number; extra?: readonly string[] },
): Promise<string> {
  const path = join(fixture.folder, options.file);
  await writeFile(
    path,
    [
      'providers:',
      '  openai:',
      '    type: openai',
      `    apiKey: \${UPSTREAM_KEY}`,
      `    baseURL: ${fixture.fake.upstream(options.upstream).baseURL('openai')}`,
      '    models: [gpt-4o-mini]',
      'server:',
      '  port: 0',
      `  gracePeriodMs: ${options.gracePeriodMs}`,
      ...(options.extra ?? []),
    ].join('\n'),
  );
  return path;
}
