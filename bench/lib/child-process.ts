import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pinnedCommand } from './pinning.js';

/** The commands a child answers: each name maps to its payload and its result. */
export type CommandMap = Record<string, { payload: unknown; result: unknown }>;

interface ChildRequest {
  id: number;
  command: string;
  payload: unknown;
}

interface ChildReply {
  id: number;
  value?: unknown;
  error?: string;
}

/** A bench process started by the orchestrator, answering typed commands over IPC. */
export interface BenchChild<Commands extends CommandMap> {
  readonly pid: number;
  send<Name extends keyof Commands & string>(
    command: Name,
    payload: Commands[Name]['payload'],
  ): Promise<Commands[Name]['result']>;
  /** Disconnects, and kills this child (by its pid) if it has not exited within two seconds. */
  close(): Promise<void>;
}

/** Options of {@link startChild}. */
export interface StartChildOptions {
  /** The TypeScript entry point, as a URL relative to the caller (`new URL('./x.ts', import.meta.url)`). */
  script: URL;
  /** Pin to this core with `taskset` when available. */
  core: number | undefined;
  /** Extra Node flags (`--expose-gc`, `--cpu-prof` ...). */
  nodeFlags?: readonly string[];
  env?: Record<string, string>;
  /** A command the Node process runs under (`valgrind --tool=callgrind ...`), pinned with it. */
  prefix?: readonly string[];
}

/**
 * Starts `script` under tsx in its own (pinned) Node process and returns a typed command channel to it.
 *
 * @example
 * const upstream = await startChild<UpstreamCommands>({ script: new URL('../upstream/upstream-process.ts', import.meta.url), core: 1 });
 * const { url } = await upstream.send('start', { servers: 1 });
 */
export async function startChild<Commands extends CommandMap>(
  options: StartChildOptions,
): Promise<BenchChild<Commands>> {
  const node = [
    process.execPath,
    ...(options.nodeFlags ?? []),
    '--import',
    'tsx',
    fileURLToPath(options.script),
  ];
  const [first, ...rest] = [...(options.prefix ?? []), ...node];
  const { command, args } = pinnedCommand({ core: options.core, command: first!, args: rest });
  const child = spawn(command, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let serial = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message: ChildReply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(message.error));
    else waiter.resolve(message.value);
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) {
      waiter.reject(new Error(`${options.script.pathname} exited (code ${code}, signal ${signal})`));
    }
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  return {
    pid: child.pid ?? -1,
    send(name, payload) {
      const id = ++serial;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const request: ChildRequest = { id, command: name, payload };
        child.send(request, (error) => {
          if (error) {
            pending.delete(id);
            reject(error);
          }
        });
      });
    },
    close: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The child's side: answers each command with its handler and exits when the orchestrator disconnects.
 *
 * @example
 * serveParent<UpstreamCommands>({ start: async (payload) => ({ url: await start(payload) }) });
 */
export function serveParent<Commands extends CommandMap>(
  handlers: {
    [Name in keyof Commands]: (
      payload: Commands[Name]['payload'],
    ) => Commands[Name]['result'] | Promise<Commands[Name]['result']>;
  },
  onDisconnect: () => Promise<void> | void = () => {},
): void {
  if (!process.send)
    throw new Error('serveParent: this process has no IPC channel; start it with startChild');
  process.on('message', async (request: ChildRequest) => {
    let reply: ChildReply;
    try {
      const handler = handlers[request.command];
      if (!handler) throw new Error(`unknown command ${request.command}`);
      reply = { id: request.id, value: await handler(request.payload as never) };
    } catch (error) {
      reply = {
        id: request.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    process.send?.(reply);
  });
  process.once('disconnect', async () => {
    try {
      await onDisconnect();
    } finally {
      process.exit(0);
    }
  });
}
