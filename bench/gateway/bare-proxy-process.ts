import { serveParent } from '../lib/child-process.js';
import { startBareProxy } from './bare-proxy.js';

/** Commands of the bare proxy's process. */
export type BareProxyCommands = {
  start: { payload: { routes: Record<string, string> }; result: { url: string } };
};

let close: (() => Promise<void>) | undefined;

serveParent<BareProxyCommands>(
  {
    async start({ routes }) {
      const proxy = await startBareProxy({ routes });
      close = proxy.close;
      return { url: proxy.url };
    },
  },
  () => close?.(),
);
