import picocolors from 'picocolors';

/** A stream the CLI writes to; `isTTY` decides colours and the live view. */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

/** The CLI's surroundings, injectable so commands can be run and checked in-process. */
export interface CliIO {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
}

/** Colour functions that are no-ops unless `output` is a terminal and `NO_COLOR` is unset. */
export function colorsFor(output: CliOutput, env: CliIO['env']): ReturnType<typeof picocolors.createColors> {
  const enabled = output.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  return picocolors.createColors(enabled || env.FORCE_COLOR === '1');
}

/** The process's own streams and environment. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
