import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The recorded provider responses in `../shared/fixtures/recorded` beside the repository (or where
 * `LLMROUTER_FIXTURES` points). `undefined` in a user's clone, where the conformance suite skips.
 */
export const recordedDir: string | undefined = (() => {
  if (process.env.LLMROUTER_FIXTURES)
    return existsSync(process.env.LLMROUTER_FIXTURES) ? process.env.LLMROUTER_FIXTURES : undefined;
  return [repoRoot, mainCheckoutOf(repoRoot)]
    .filter((root) => root !== undefined)
    .map((root) => join(root, '../shared/fixtures/recorded'))
    .find((candidate) => existsSync(candidate));
})();

/**
 * In a `git worktree` checkout `.git` is a file naming `<main>/.git/worktrees/<name>`; the recordings sit
 * beside the main checkout, and without this lookup every worktree would skip the conformance suite.
 */
function mainCheckoutOf(root: string): string | undefined {
  const dotGit = join(root, '.git');
  if (!existsSync(dotGit) || statSync(dotGit).isDirectory()) return undefined;
  const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
  return match ? resolve(match[1]!.trim(), '../../..') : undefined;
}

/** Message for skipped conformance suites. */
export const recordedSkipReason =
  'conformance: ../shared/fixtures/recorded not found beside the repository (set LLMROUTER_FIXTURES); skipping';

/** File names in one provider folder of the recordings (`openai`, `anthropic`, ...). */
export function recordedFiles(folder: string): string[] {
  if (!recordedDir) return [];
  return readdirSync(join(recordedDir, folder)).sort();
}

/** Reads one recording as text. */
export function readRecorded(folder: string, file: string): string {
  if (!recordedDir) throw new Error(recordedSkipReason);
  return readFileSync(join(recordedDir, folder, file), 'utf8');
}

/** A `*.chunks.txt` recording as SSE framing, per the recordings' README. */
export function chunksToSse(chunks: string, style: 'openai' | 'anthropic' | 'gemini'): string {
  const lines = chunks.split('\n').filter((line) => line.trim() !== '');
  let body = '';
  for (const line of lines) {
    if (style === 'anthropic') {
      const type = (JSON.parse(line) as { type?: string }).type ?? 'message';
      body += `event: ${type}\ndata: ${line}\n\n`;
    } else {
      body += `data: ${line}\n\n`;
    }
  }
  if (style === 'openai') body += 'data: [DONE]\n\n';
  return body;
}
