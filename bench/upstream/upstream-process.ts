import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/index.js';
import { serveParent } from '../lib/child-process.js';
import { type FrameClockServer, startFrameClockServer } from './frame-clock-server.js';
import type { UpstreamCommands, UpstreamScript } from './upstream-commands.js';

// The upstream every contender calls: fake provider servers (one origin each) and the frame clock, all on
// the load core, answering as scripted by the orchestrator.
const servers: FakeProviderServer[] = [];
let clock: FrameClockServer | undefined;

function script(server: FakeProviderServer, spec: UpstreamScript): void {
  const upstream = server.upstream(spec.upstream).reset().setDefault(spec.behaviour);
  const failure = spec.failure;
  if (!failure) return;
  const slots = new Set(failure.slots);
  let position = 0;
  upstream.setHandler(() => (slots.has(position++ % 10) ? failure.behaviour : undefined));
}

serveParent<UpstreamCommands>(
  {
    async start({ servers: count }) {
      for (let index = servers.length; index < count; index++) {
        servers.push(await startFakeProviderServer({ recordRequests: false }));
      }
      clock ??= await startFrameClockServer({ frames: 10, intervalMs: 0 });
      return { urls: servers.map((server) => server.url), frameClockURL: clock.baseURL };
    },
    script(spec) {
      for (const server of servers) script(server, spec);
      return null;
    },
    clock(settings) {
      if (!clock) throw new Error('start the upstream first');
      clock.settings = settings;
      return null;
    },
    cpu() {
      const usage = process.cpuUsage();
      return { cpuMicros: usage.user + usage.system, atMs: performance.now() };
    },
  },
  async () => {
    await Promise.all(servers.map((server) => server.close()));
    await clock?.close();
  },
);
