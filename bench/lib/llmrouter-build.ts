import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The built CLI, which the gateway part starts with plain `node`. */
export const builtCli = join(root, 'dist/cli/main.js');

/** The CLI's source, for profiles under tsx. */
export const sourceCli = join(root, 'src/cli/main.ts');

const fromSourceVariable = 'LLMROUTER_BENCH_FROM_SOURCE';

/**
 * Whether this process (and the ones it starts) runs llmrouter from source under tsx instead of the
 * build: only for CPU profiles, whose samples then name llmrouter's own files.
 */
export function runFromSource(): boolean {
  return process.env[fromSourceVariable] === '1';
}

/** Makes every process started from now on run llmrouter from source (see {@link runFromSource}). */
export function startRunningFromSource(): void {
  process.env[fromSourceVariable] = '1';
}

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds llmrouter (`npm run build`) unless `dist/` is newer than every file in `src/`. The bench
 * measures llmrouter as users run it, the tsup build: source under tsx wraps every function in esbuild's
 * `__name` helper, which costs CPU on every call and a property store on every closure, so a held
 * stream looked several KB heavier than it is.
 */
export function ensureBuild(log: (line: string) => void): void {
  const built = join(root, 'dist/index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestModification(join(root, 'src'))) return;
  log('building llmrouter (npm run build): the bench measures the build users run');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  }
}
