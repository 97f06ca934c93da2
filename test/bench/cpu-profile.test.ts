import { describe, expect, it } from 'vitest';
import { summarizeByArea, summarizeByCaller, summarizeProfile } from '../../bench/report/cpu-profile.js';

const root = new URL('../../', import.meta.url).href;

// (root) → handler in src/server → JSON.stringify (native); (root) → undici parser; idle; GC.
const profile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 4, 5, 6] },
    {
      id: 2,
      callFrame: { functionName: 'handle', url: `${root}src/server/handler.ts`, lineNumber: 0 },
      children: [3],
    },
    { id: 3, callFrame: { functionName: 'stringify', url: '', lineNumber: -1 } },
    {
      id: 4,
      callFrame: { functionName: 'parse', url: `${root}node_modules/undici/lib/parser.js`, lineNumber: 41 },
    },
    { id: 5, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 6, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
  ],
  samples: [2, 3, 3, 4, 4, 4, 4, 5, 5, 6],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 5_000, 5_000, 300],
};

describe('CPU profile summaries', () => {
  it('ranks functions by self time, leaving idle time out of the shares', () => {
    expect(summarizeProfile(profile)).toEqual([
      { location: 'parse (node_modules/undici/lib/parser.js:42)', selfMs: 0.4, share: 0.4 },
      { location: '(garbage collector)', selfMs: 0.3, share: 0.3 },
      { location: 'stringify', selfMs: 0.2, share: 0.2 },
      { location: 'handle (src/server/handler.ts)', selfMs: 0.1, share: 0.1 },
    ]);
  });

  it('groups self time by llmrouter folder, package and native code', () => {
    expect(summarizeByArea(profile).map((entry) => [entry.location, entry.selfMs])).toEqual([
      ['undici', 0.4],
      ['garbage collector', 0.3],
      ['native (syscalls, JSON, V8 builtins)', 0.2],
      ['llmrouter src/server', 0.1],
    ]);
  });

  it('charges native work to the llmrouter function that called it', () => {
    expect(summarizeByCaller(profile).map((entry) => [entry.location, entry.selfMs])).toEqual([
      ['no llmrouter frame on the stack', 0.7],
      ['handle (src/server/handler.ts)', 0.3],
    ]);
  });
});
