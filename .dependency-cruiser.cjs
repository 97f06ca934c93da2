/**
 * The architecture's house rules (DESIGN.md, "House rules"), checked in `npm test` by `npm run lint:imports`.
 * Each rule's name and comment are what a failing run prints, so a forbidden import says which rule it broke.
 * Test files (`*.test.ts`) are not part of the architecture and are left out of the cruise.
 */
const library =
  '^src/(types|errors|abort|json-schema|router|middleware|http|providers|structured|telemetry|state|testing)/|^src/index\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import circles, type-only ones included: a circle means two folders are one concept, or a type sits in the wrong place.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing',
      severity: 'error',
      comment: 'src/types is the contract: it imports nothing else from src.',
      from: { path: '^src/types/' },
      to: { path: '^src/', pathNot: '^src/types/' },
    },
    {
      name: 'router-sees-providers-through-the-contract',
      severity: 'error',
      comment:
        'The router sees providers only through the Provider contract; telemetry plugs in through Instrumentation.',
      from: { path: '^src/router/' },
      to: { path: '^src/(providers|config|server|cli|telemetry|testing)/' },
    },
    {
      name: 'attempt-layer-stays-beneath-the-middleware',
      severity: 'error',
      comment:
        'src/router/attempt/ runs beneath the middleware, just above the adapter: it never imports the router above it (src/router outside attempt/) or the middleware, so a call reads top to bottom.',
      from: { path: '^src/router/attempt/' },
      to: { path: '^src/(router|middleware)/', pathNot: '^src/router/attempt/' },
    },
    {
      name: 'adapters-stay-below-the-router',
      severity: 'error',
      comment:
        'Adapters never import the router, structured output or the test doubles; each owns its native schema form.',
      from: { path: '^src/providers/' },
      to: { path: '^src/(router|structured|testing)/' },
    },
    {
      name: 'structured-output-works-on-any-provider',
      severity: 'error',
      comment:
        'Structured output never imports an adapter: it hands every provider a neutral response format.',
      from: { path: '^src/structured/' },
      to: { path: '^src/providers/' },
    },
    {
      name: 'fake-server-is-an-independent-oracle',
      severity: 'error',
      comment:
        'The fake provider server never imports the adapters: it checks their wire formats, so it cannot share their code.',
      from: { path: '^src/testing/' },
      to: { path: '^src/providers/' },
    },
    {
      name: 'library-never-imports-the-gateway',
      severity: 'error',
      comment:
        'The library (llmrouter, llmrouter/providers, testing, telemetry) never imports config, server or cli.',
      from: { path: library },
      to: { path: '^src/(config|server|cli)/' },
    },
    {
      name: 'library-loads-no-gateway-package',
      severity: 'error',
      comment:
        'The library loads no HTTP-server, terminal, YAML or metrics package: those belong to the gateway and the CLI.',
      from: { path: library, pathNot: '^src/testing/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: 'node_modules/(prom-client|log-update|picocolors|yaml)/',
      },
    },
    {
      name: 'library-starts-no-http-server',
      severity: 'error',
      comment:
        'Only the gateway and the test doubles listen: the library never imports node:http or node:net.',
      from: { path: library, pathNot: '^src/testing/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(http|https|net)$' },
    },
    {
      name: 'integrations-stay-at-the-edge',
      severity: 'error',
      comment:
        'llmrouter/ai-sdk and llmrouter/langchain sit on the public API: nothing else in src imports them, nor they each other.',
      from: { path: '^src/([^/]+)' },
      to: { path: '^src/(ai-sdk|langchain)/', pathNot: '^src/$1/' },
    },
    {
      name: 'library-loads-no-integration-package',
      severity: 'error',
      comment:
        'The AI SDK and LangChain are optional peers: only llmrouter/ai-sdk and llmrouter/langchain load them.',
      from: { path: '^src/', pathNot: '^src/(ai-sdk|langchain)/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: 'node_modules/(ai|@ai-sdk/[^/]+|@langchain/[^/]+)/',
      },
    },
    {
      name: 'redis-loads-only-behind-its-entry',
      severity: 'error',
      comment:
        'Nothing Redis-related loads for users who do not import llmrouter/redis: the library never imports src/redis or a Redis client.',
      from: { path: library },
      to: { path: ['^src/redis/', 'node_modules/(redis|@redis/[^/]+|ioredis)/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
