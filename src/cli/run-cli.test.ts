import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './cli-io.js';
import { runCli } from './run-cli.js';

function capture(): CliIO & { out(): string; err(): string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    out: () => stdout,
    err: () => stderr,
  };
}

describe('runCli', () => {
  it('prints the usage for --help, and exits 0', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toContain('llmrouter serve --config FILE [--host HOST] [--port PORT]');
    expect(io.out()).toContain('llmrouter demo [--requests N] [--duration SECONDS]');
  });

  it('prints the package version', async () => {
    const io = capture();
    expect(await runCli(['--version'], io)).toBe(0);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(io.out()).toBe(`${version}\n`);
  });

  it.each([
    [[], ''],
    [['launch'], 'llmrouter: unknown command "launch"'],
    [['check'], 'llmrouter: --config FILE is required'],
    [
      ['serve', '--config', 'x.yaml', '--port', '80000'],
      'llmrouter: --port must be a whole number from 0 to 65535, not "80000"',
    ],
    [
      ['demo', '--requests', 'many'],
      'llmrouter: --requests must be a whole number from 1 to 100000, not "many"',
    ],
    [['demo', '--verbose'], "llmrouter: Unknown option '--verbose'"],
    [['check', 'extra.yaml', '--config', 'a.yaml'], 'llmrouter: unexpected argument "extra.yaml"'],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const io = capture();
    expect(await runCli(args, io)).toBe(2);
    if (message) expect(io.err().split('\n')[0]).toContain(message);
    expect(io.out() + io.err()).toContain('Usage');
  });
});
