import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration, type ICruiseOptions } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '../..');
// The very configuration `npm run lint:imports` reads.
const config = createRequire(import.meta.url)(
  path.join(repository, '.dependency-cruiser.cjs'),
) as IConfiguration;
const { tsConfig: _tsConfig, ...options } = config.options ?? {};

/**
 * Runs the house rules of `npm test` on a small tree of its own, in this process: one dependency-cruiser
 * process per case costs about 2 s of CPU to start, which a loaded machine cannot give a dozen of them.
 */
async function check(tree: Record<string, string>): Promise<{ code: number; output: string }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'llmrouter-house-rules-'));
  folders.push(folder);
  await symlink(path.join(repository, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), text);
  }
  const cruiseOptions: ICruiseOptions = {
    ...(options as ICruiseOptions),
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    baseDir: folder,
    outputType: 'err',
  };
  const result = await cruise(['src'], cruiseOptions);
  return { code: result.exitCode, output: String(result.output) };
}

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A tree that keeps every rule, which each case below breaks in one place. */
const clean: Record<string, string> = {
  'src/types/request.ts': 'export interface CompletionRequest { model: string }\n',
  'src/errors/timeout-error.ts':
    "import type { CompletionRequest } from '../types/request.js';\nexport type T = CompletionRequest;\n",
  'src/router/create-router.ts':
    "import type { CompletionRequest } from '../types/request.js';\nexport type R = CompletionRequest;\n",
  'src/router/attempt/record-attempts.ts':
    "import type { CompletionRequest } from '../../types/request.js';\nexport type A = CompletionRequest;\n",
  'src/providers/openai/openai-provider.ts':
    "import type { CompletionRequest } from '../../types/request.js';\nexport type P = CompletionRequest;\n",
  'src/structured/complete-object.ts':
    "import type { R } from '../router/create-router.js';\nexport type S = R;\n",
  'src/testing/fake-server.ts':
    "import { createServer } from 'node:http';\nexport const server = createServer;\n",
  'src/server/create-gateway.ts':
    "import { createServer } from 'node:http';\nimport type { R } from '../router/create-router.js';\nexport type G = R;\nexport const listen = createServer;\n",
  'src/cli/main.ts':
    "import { Registry } from 'prom-client';\nimport type { G } from '../server/create-gateway.js';\nexport type C = G;\nexport const registry = Registry;\n",
};

describe('house rules (npm test runs the same check on src/)', () => {
  it('passes a tree that keeps every rule', async () => {
    const result = await check(clean);
    expect(result.output).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  });

  it.each([
    [
      'no-circular',
      {
        'src/types/request.ts': "import type { T } from '../types/response.js';\nexport type A = T;\n",
        'src/types/response.ts': "import type { A } from './request.js';\nexport type T = A;\n",
      },
    ],
    [
      'contract-imports-nothing',
      {
        'src/types/attempt.ts': "import type { T } from '../errors/timeout-error.js';\nexport type A = T;\n",
      },
    ],
    [
      'router-sees-providers-through-the-contract',
      {
        'src/router/run.ts':
          "import type { P } from '../providers/openai/openai-provider.js';\nexport type X = P;\n",
      },
    ],
    [
      'attempt-layer-stays-beneath-the-middleware',
      {
        'src/router/attempt/record-attempts.ts':
          "import type { R } from '../create-router.js';\nexport type A = R;\n",
      },
    ],
    [
      'adapters-stay-below-the-router',
      {
        'src/providers/openai/plan.ts':
          "import type { R } from '../../router/create-router.js';\nexport type X = R;\n",
      },
    ],
    [
      'structured-output-works-on-any-provider',
      {
        'src/structured/mode.ts':
          "import type { P } from '../providers/openai/openai-provider.js';\nexport type X = P;\n",
      },
    ],
    [
      'fake-server-is-an-independent-oracle',
      {
        'src/testing/format.ts':
          "import type { P } from '../providers/openai/openai-provider.js';\nexport type X = P;\n",
      },
    ],
    [
      'library-never-imports-the-gateway',
      {
        'src/middleware/gateway.ts':
          "import type { G } from '../server/create-gateway.js';\nexport type X = G;\n",
      },
    ],
    [
      'library-loads-no-gateway-package',
      {
        'src/router/metrics.ts':
          "import { Registry } from 'prom-client';\nexport const registry = Registry;\n",
      },
    ],
    [
      'library-starts-no-http-server',
      {
        'src/providers/openai/listen.ts':
          "import { createServer } from 'node:http';\nexport const listen = createServer;\n",
      },
    ],
    [
      'integrations-stay-at-the-edge',
      {
        'src/ai-sdk/create-router-provider.ts':
          "import type { R } from '../router/create-router.js';\nexport type A = R;\n",
        'src/router/ai.ts':
          "import type { A } from '../ai-sdk/create-router-provider.js';\nexport type X = A;\n",
      },
    ],
    [
      'library-loads-no-integration-package',
      {
        'src/structured/ai.ts':
          "import type { LanguageModelV3 } from '@ai-sdk/provider';\nexport type X = LanguageModelV3;\n",
      },
    ],
    [
      'redis-loads-only-behind-its-entry',
      {
        'src/redis/redis-state-store.ts': 'export const store = 1;\n',
        'src/middleware/shared-state.ts':
          "import { store } from '../redis/redis-state-store.js';\nexport const shared = store;\n",
      },
    ],
  ])('fails a forbidden import with the rule it breaks: %s', async (rule, change) => {
    const result = await check({ ...clean, ...change });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`error ${rule}:`);
    expect(result.output).toContain('x 1 dependency violations');
  });
});
