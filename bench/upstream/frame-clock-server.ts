import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the frame clock streams: `frames` content frames, `intervalMs` apart. */
export interface FrameClockSettings {
  frames: number;
  intervalMs: number;
}

/** A running frame-clock server. */
export interface FrameClockServer {
  /** OpenAI-style base URL (`.../v1`). */
  readonly baseURL: string;
  settings: FrameClockSettings;
  close(): Promise<void>;
}

const sseHeaders = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};
const envelope =
  '{"id":"chatcmpl-clock","object":"chat.completion.chunk","created":0,"model":"clock","choices":';
const prelude = `data: ${envelope}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`;
const finish = `data: ${envelope}[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\ndata: {"id":"chatcmpl-clock","object":"chat.completion.chunk","created":0,"model":"clock","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}\n\ndata: [DONE]\n\n`;

/**
 * An OpenAI Chat Completions streaming upstream whose every content frame carries its frame number and
 * the moment it was written (`"<index>:<monotonic ns> "`). `process.hrtime` reads CLOCK_MONOTONIC, which
 * every process on the machine shares, so a client reads how long each frame took to reach it, and
 * whether any was lost, whichever gateway sat in between. The fake provider server cannot do this: its
 * text is fixed before the first frame is written.
 *
 * @example
 * const clock = await startFrameClockServer({ frames: 50, intervalMs: 20 });
 * // point a gateway at clock.baseURL, stream, and compare arrival times with the stamps
 */
export async function startFrameClockServer(settings: FrameClockSettings): Promise<FrameClockServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const { frames, intervalMs } = clock.settings;
      response.writeHead(200, sseHeaders);
      response.write(prelude);
      let index = 0;
      const writeFrame = () => {
        const stamp = `${index}:${process.hrtime.bigint()} `;
        response.write(
          `data: ${envelope}[{"index":0,"delta":{"content":"${stamp}"},"finish_reason":null}]}\n\n`,
        );
        index++;
      };
      const step = () => {
        if (response.destroyed) return;
        writeFrame();
        if (index >= frames) {
          response.end(finish);
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          step();
        }, intervalMs);
        timers.add(timer);
      };
      step();
    });
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  const clock: FrameClockServer = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    settings: { ...settings },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return clock;
}
