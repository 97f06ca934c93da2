import { describe, expect, it, vi } from 'vitest';
import type { ProviderCallOptions } from '../types/provider.js';
import { AbortHandle, abortSourceOf, realSignal, withAbortHandle } from './abort-handle.js';

describe('AbortHandle', () => {
  it('runs each listener once, on abort, with the reason readable', () => {
    const handle = new AbortHandle();
    const seen: unknown[] = [];
    const listener = vi.fn(() => seen.push(handle.reason));
    handle.addEventListener('abort', listener);
    const reason = new Error('stop');
    handle.abort(reason);
    handle.abort(new Error('again'));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([reason]);
    expect(handle.aborted).toBe(true);
  });

  it('never runs a removed listener, nor one added after the abort', () => {
    const handle = new AbortHandle();
    const removed = vi.fn();
    const kept = vi.fn();
    handle.addEventListener('abort', removed);
    handle.addEventListener('abort', kept);
    handle.removeEventListener('abort', removed);
    handle.abort();
    const late = vi.fn();
    handle.addEventListener('abort', late);
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
  });

  it('aborts without a reason as AbortSignal does: with an AbortError', () => {
    const handle = new AbortHandle();
    handle.abort();
    expect(handle.reason).toBeInstanceOf(DOMException);
    expect((handle.reason as DOMException).name).toBe('AbortError');
  });

  it('gives a real AbortSignal that aborts with the handle, before or after the abort', () => {
    const early = new AbortHandle();
    const signal = early.signal;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
    const reason = new Error('deadline');
    early.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);

    const late = new AbortHandle();
    late.abort(reason);
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBe(reason);
    expect(realSignal(late)).toBe(late.signal);
  });
});

describe('abortSourceOf', () => {
  it('is the handle for the options it was made for, and the caller signal for plain options', () => {
    const handle = new AbortHandle();
    const options = withAbortHandle({ headers: { 'x-a': '1' } }, handle);
    expect(abortSourceOf(options)).toBe(handle);
    expect(options.headers).toEqual({ 'x-a': '1' });
    const controller = new AbortController();
    expect(abortSourceOf({ signal: controller.signal })).toBe(controller.signal);
    expect(abortSourceOf(undefined)).toBeUndefined();
  });

  it('follows a copy of the options through its real signal, which the handle still aborts', () => {
    const handle = new AbortHandle();
    const copy: ProviderCallOptions = { ...withAbortHandle(undefined, handle), headers: { 'x-b': '2' } };
    const source = abortSourceOf(copy);
    expect(source).toBeInstanceOf(AbortSignal);
    handle.abort(new Error('timeout'));
    expect(source?.aborted).toBe(true);
  });

  it('obeys a middleware that replaces the signal, not the handle its options were copied from', () => {
    const handle = new AbortHandle();
    const own = new AbortController();
    const replaced: ProviderCallOptions = { ...withAbortHandle(undefined, handle), signal: own.signal };
    expect(abortSourceOf(replaced)).toBe(own.signal);
  });
});
