import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortHandle, abortSourceOf } from '../abort/abort-handle.js';
import { CancelledError } from '../errors/cancelled-error.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import { createRouter } from './create-router.js';
import { internalCalls } from './internal-call.js';
import type { Router } from './router-types.js';

const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

function routerOn(mock: MockProvider): Router {
  return createRouter({ providers: { primary: mock } });
}

describe('internalCalls: the package calling its router with an AbortHandle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands the handle itself down to the provider, and aborting it cancels the call', async () => {
    const mock = new MockProvider({ models: ['m'], script: [mockStep.hang()] });
    const handle = new AbortHandle();
    const pending = internalCalls(routerOn(mock)).complete(request, { abort: handle });
    await expect.poll(() => mock.calls.length).toBe(1);
    // The provider's options are built around the handle, not a signal made for the call.
    expect(abortSourceOf(mock.calls[0]!.options)).toBe(handle);
    handle.abort(new CancelledError());
    const error = await pending.catch((thrown: unknown) => thrown);
    expect(CancelledError.isInstance(error)).toBe(true);
    expect((error as CancelledError).trail?.map((attempt) => attempt.outcome)).toEqual(['error']);
    expect(mock.calls[0]!.aborted).toBe(true);
  });

  it('keeps the deadline of the options it is given alongside the handle', async () => {
    vi.useFakeTimers();
    const mock = new MockProvider({ models: ['m'], script: [mockStep.hang()] });
    const pending = internalCalls(routerOn(mock))
      .complete(request, { abort: new AbortHandle(), deadlineMs: 1_000 })
      .catch((thrown: unknown) => thrown);
    await vi.advanceTimersByTimeAsync(999);
    expect(mock.calls[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect((error as { kind?: string }).kind).toBe('timeout');
    expect(mock.calls[0]!.aborted).toBe(true);
  });

  it('ends a stream when the handle aborts, after the first part reached the caller', async () => {
    const mock = new MockProvider({
      models: ['m'],
      script: [mockStep.stream([{ type: 'text-delta', text: 'Hel' }], { hangAfter: 1 })],
    });
    const handle = new AbortHandle();
    const stream = internalCalls(routerOn(mock)).stream(request, { abort: handle });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const part of stream) {
        if (part.type === 'text-delta') seen.push(part.text);
        handle.abort(new CancelledError());
      }
    })().catch((thrown: unknown) => thrown);
    expect(seen).toEqual(['Hel']);
    expect((error as { kind?: string }).kind).toBe('cancelled');
    expect(mock.calls[0]!.aborted).toBe(true);
  });

  it('gives a router it did not make a real signal that aborts with the handle', async () => {
    const mock = new MockProvider({ models: ['m'], script: [mockStep.hang()] });
    const inner = routerOn(mock);
    const seen: (AbortSignal | undefined)[] = [];
    const wrapper: Router = {
      ...inner,
      complete(callRequest, options) {
        seen.push(options?.signal);
        return inner.complete(callRequest, options);
      },
    };
    const handle = new AbortHandle();
    const pending = internalCalls(wrapper).complete(request, { abort: handle });
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[0]!.aborted).toBe(false);
    handle.abort(new CancelledError());
    expect(seen[0]!.aborted).toBe(true);
    const error = await pending.catch((thrown: unknown) => thrown);
    expect(CancelledError.isInstance(error)).toBe(true);
    expect(internalCalls(wrapper)).toBe(internalCalls(wrapper));
  });
});
