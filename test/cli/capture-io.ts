import type { CliIO } from '../../src/cli/cli-io.js';

/** A `CliIO` that records what a command writes (not a terminal, so no colours and no live view). */
export function captureIO(
  env: Record<string, string | undefined> = {},
): CliIO & { out(): string; err(): string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env,
    out: () => stdout,
    err: () => stderr,
  };
}
