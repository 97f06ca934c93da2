import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openai } from '../../src/providers/openai/openai-provider.js';
import { createRouter } from '../../src/router/create-router.js';
import { callLogger } from '../../src/telemetry/call-logger.js';
import type { CompletionRequest } from '../../src/types/request.js';
import { type LocalServer, sendJson, startLocalServer } from '../helpers/local-server.js';

const apiKey = 'sk-test-logger-warnings-0123456789';
const answer = {
  id: 'chatcmpl-l',
  model: 'o3-2025-04-16',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};
const messages: CompletionRequest['messages'] = [{ role: 'user', content: 'Hello' }];

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((_received, response) => sendJson(response, 200, answer));
});
afterAll(() => server.close());

interface Logged {
  level: 'info' | 'warn' | 'error';
  object: Record<string, unknown>;
  message: string | undefined;
}

function recordingLogger(options: { warn: boolean }) {
  const lines: Logged[] = [];
  const record = (level: Logged['level']) => (object: object, message?: string) =>
    lines.push({ level, object: object as Record<string, unknown>, message });
  const logger = {
    info: record('info'),
    error: record('error'),
    ...(options.warn ? { warn: record('warn') } : {}),
  };
  const warnings = () => lines.filter((line) => line.object.event === 'llmrouter.warning');
  return { lines, logger, warnings };
}

// The set of logged warnings is process-wide, so each test uses provider names of its own.
function routerFor(provider: string, logger: ReturnType<typeof recordingLogger>['logger']) {
  return createRouter({
    providers: { [provider]: openai({ apiKey, name: provider, baseURL: `${server.url}/v1` }) },
    instrumentation: callLogger(logger),
  });
}

describe('callLogger warnings', () => {
  it('describes a warning once per process, however many calls raise it', async () => {
    const log = recordingLogger({ warn: true });
    const router = routerFor('logged-once', log.logger);
    await router.complete({ model: 'o3', messages, temperature: 0.2 });
    expect(log.warnings()).toEqual([
      {
        level: 'warn',
        object: expect.objectContaining({
          event: 'llmrouter.warning',
          provider: 'logged-once',
          model: 'o3',
          setting: 'temperature',
          type: 'dropped',
        }),
        message: expect.stringContaining('temperature'),
      },
    ]);
    await router.complete({ model: 'o3', messages, temperature: 0.9 });
    // A second router with its own logger in the same process stays quiet too.
    const other = recordingLogger({ warn: true });
    await routerFor('logged-once', other.logger).complete({ model: 'o3', messages, temperature: 0.5 });
    expect(log.warnings()).toHaveLength(1);
    expect(other.warnings()).toHaveLength(0);
    // Every call line still names the warning on its attempt.
    const callLines = log.lines.filter((line) => line.object.event === 'llmrouter.call');
    expect(callLines).toHaveLength(2);
    for (const line of callLines) {
      expect(line.object.trail).toEqual([expect.objectContaining({ warnings: ['temperature'] })]);
    }
  });

  it('describes each distinct setting and provider on first sight', async () => {
    const log = recordingLogger({ warn: true });
    await routerFor('distinct-a', log.logger).complete({ model: 'o3', messages, temperature: 0.2 });
    await routerFor('distinct-a', log.logger).complete({
      model: 'o3',
      messages,
      temperature: 0.2,
      topP: 0.5,
    });
    await routerFor('distinct-b', log.logger).complete({ model: 'o3', messages, temperature: 0.2 });
    expect(log.warnings().map((line) => [line.object.provider, line.object.setting])).toEqual([
      ['distinct-a', 'temperature'],
      ['distinct-a', 'topP'],
      ['distinct-b', 'temperature'],
    ]);
  });

  it('logs nothing extra for a call without warnings, and uses info where the logger has no warn', async () => {
    const quiet = recordingLogger({ warn: true });
    const clean = await routerFor('no-warnings', quiet.logger).complete({ model: 'o3', messages });
    expect(clean).not.toHaveProperty('warnings');
    expect(quiet.lines).toHaveLength(1);
    expect(quiet.lines[0]!.object.trail).toEqual([
      expect.not.objectContaining({ warnings: expect.anything() }),
    ]);

    const plain = recordingLogger({ warn: false });
    await routerFor('info-only', plain.logger).complete({ model: 'o3', messages, topP: 0.1 });
    expect(plain.warnings().map((line) => line.level)).toEqual(['info']);
  });
});
