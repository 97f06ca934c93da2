#!/usr/bin/env node
import { processIO } from './cli-io.js';
import { runCli } from './run-cli.js';

// The `llmrouter` executable. Everything testable lives in run-cli.ts; this file only wires the process.
try {
  const status = await runCli(process.argv.slice(2), processIO());
  process.exitCode = status;
  // A finished command leaves nothing to wait for (pooled upstream sockets included): exit once output drains.
  process.stdout.write('', () => process.exit(status));
} catch (error) {
  process.stderr.write(
    `llmrouter: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
