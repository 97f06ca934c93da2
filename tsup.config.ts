import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'providers/index': 'src/providers/index.ts',
    'testing/index': 'src/testing/index.ts',
    'telemetry/index': 'src/telemetry/index.ts',
    'pricing/index': 'src/telemetry/pricing/index.ts',
    'server/index': 'src/server/index.ts',
    'ai-sdk/index': 'src/ai-sdk/index.ts',
    'langchain/index': 'src/langchain/index.ts',
    'redis/index': 'src/redis/index.ts',
    'cli/main': 'src/cli/main.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
});
