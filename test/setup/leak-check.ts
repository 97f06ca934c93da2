/**
 * The leak check, on for every test file (vitest.config.ts lists it in `setupFiles` of both projects).
 *
 * When this file loads, before the test file, it notes what the process holds: its active handles
 * (sockets, servers, pipes, child processes) and the listeners on `process`. From then on it records every
 * timer made through the global `setTimeout` / `setInterval`, unref'd ones included (Node's own resource
 * list counts only ref'd timers). After the file's last `afterAll` it waits a short grace for what is
 * closing to finish closing, then fails the file naming each socket, server, timer or listener that the
 * file opened and left open, with where the timer was made.
 *
 * A test that means to keep something across files cannot: each file runs in a fresh worker. A test that
 * must leave something running (none should) can call `allowLeak(handle)`.
 */
import { afterAll } from 'vitest';

/** How long closing sockets and servers get to finish closing before they count as left open. */
const GRACE_MS = 1_000;
const POLL_MS = 10;
/** Fired and cleared timers are forgotten in sweeps, so a file making thousands holds none of them. */
const SWEEP_AT = 1_000;

interface TimerRecord {
  kind: 'setTimeout' | 'setInterval';
  delayMs: number;
  stack: string;
}

interface TimerLike {
  _destroyed?: boolean;
}

const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;
const timers = new Map<TimerLike, TimerRecord>();
const allowed = new WeakSet<object>();

/** Marks a handle or timer as meant to outlive the test file (none should need to). */
export function allowLeak(handle: object): void {
  allowed.add(handle);
}

function sweepSettledTimers() {
  for (const timer of timers.keys()) if (timer._destroyed !== false) timers.delete(timer);
}

function creationStack(): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 6;
  Error.captureStackTrace(holder, creationStack);
  Error.stackTraceLimit = limit;
  // The first two frames are the wrapper and this function's caller line; the rest is who made the timer.
  return (holder.stack ?? '').split('\n').slice(2).join('\n');
}

function track<T extends typeof setTimeout | typeof setInterval>(real: T, kind: TimerRecord['kind']): T {
  function tracked(this: unknown, ...args: unknown[]) {
    const timer = (real as (...a: unknown[]) => TimerLike).apply(this, args);
    const delayMs = typeof args[1] === 'number' ? args[1] : 0;
    // A timer due within the grace cannot outlive it; only longer ones are worth a stack.
    if (delayMs > GRACE_MS / 2 || kind === 'setInterval') {
      if (timers.size >= SWEEP_AT) sweepSettledTimers();
      timers.set(timer, { kind, delayMs, stack: creationStack() });
    }
    return timer;
  }
  for (const key of Reflect.ownKeys(real)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    Object.defineProperty(tracked, key, Object.getOwnPropertyDescriptor(real, key)!);
  }
  return tracked as unknown as T;
}

globalThis.setTimeout = track(realSetTimeout, 'setTimeout');
globalThis.setInterval = track(realSetInterval, 'setInterval');

interface ProcessInternals {
  _getActiveHandles(): object[];
}

function activeHandles(): object[] {
  return (process as unknown as ProcessInternals)._getActiveHandles();
}

function processListeners(): Set<unknown> {
  const listeners = new Set<unknown>();
  for (const event of process.eventNames()) {
    for (const listener of process.rawListeners(event)) listeners.add(listener);
  }
  return listeners;
}

const handlesAtStart = new Set(activeHandles());
const listenersAtStart = processListeners();

function describeHandle(handle: object): string {
  const name = handle.constructor?.name ?? 'handle';
  const socket = handle as {
    localAddress?: string;
    localPort?: number;
    remoteAddress?: string;
    remotePort?: number;
    address?: () => unknown;
    listening?: boolean;
    pid?: number;
    spawnfile?: string;
  };
  if (name === 'Server' && typeof socket.address === 'function') {
    return `server listening on ${JSON.stringify(socket.address())}`;
  }
  if (name === 'Socket' || name === 'TLSSocket') {
    if (socket.remotePort !== undefined) {
      return `socket ${socket.localAddress}:${socket.localPort} -> ${socket.remoteAddress}:${socket.remotePort}`;
    }
    return 'socket (not connected, or a pipe)';
  }
  if (name === 'ChildProcess') return `child process ${socket.pid} (${socket.spawnfile})`;
  return name;
}

function leaks(): string[] {
  const found: string[] = [];
  for (const handle of activeHandles()) {
    if (!handlesAtStart.has(handle) && !allowed.has(handle)) found.push(describeHandle(handle));
  }
  for (const [timer, record] of timers) {
    if (timer._destroyed !== false || allowed.has(timer)) {
      timers.delete(timer);
      continue;
    }
    found.push(`${record.kind}(…, ${record.delayMs}) never cleared, made at\n${record.stack}`);
  }
  for (const listener of processListeners()) {
    if (listenersAtStart.has(listener)) continue;
    const events = process
      .eventNames()
      .filter((event) => process.rawListeners(event).includes(listener as never));
    found.push(`process listener on ${events.map(String).join(', ')}: ${String(listener).slice(0, 120)}`);
  }
  return found;
}

afterAll(async () => {
  const deadline = Date.now() + GRACE_MS;
  let found = leaks();
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => realSetTimeout(resolve, POLL_MS));
    found = leaks();
  }
  if (found.length > 0) {
    throw new Error(
      `The test file left ${found.length} thing(s) open after its last test:\n- ${found.join('\n- ')}`,
    );
  }
});
