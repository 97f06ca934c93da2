import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../errors/timeout-error.js';
import { AbortHandle } from './abort-handle.js';
import { AbortRace } from './abort-race.js';

describe('AbortRace', () => {
  it('settles with each read in turn while nothing aborts', async () => {
    const race = new AbortRace(new AbortHandle());
    expect(await race.next(Promise.resolve(1))).toBe(1);
    await expect(race.next(Promise.reject(new Error('read failed')))).rejects.toThrow('read failed');
    expect(await race.next(Promise.resolve(3))).toBe(3);
    race.dispose();
  });

  it('rejects a read the provider never settles as soon as the source aborts, with its reason', async () => {
    const handle = new AbortHandle();
    const race = new AbortRace(handle);
    const pending = race.next(new Promise<never>(() => {}));
    const reason = new TimeoutError({ phase: 'idle', timeoutMs: 10 });
    handle.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(race.next(Promise.resolve(1))).rejects.toBe(reason);
    race.dispose();
  });

  it('passes reads through untouched without a source, and a late read after an abort goes nowhere', async () => {
    const read = Promise.resolve('x');
    expect(new AbortRace(undefined).next(read)).toBe(read);
    const handle = new AbortHandle();
    const race = new AbortRace(handle);
    let settle!: (value: string) => void;
    const pending = race.next(new Promise<string>((resolve) => (settle = resolve)));
    const cause = new Error('stop');
    handle.abort(cause);
    settle('late');
    // A reason that is not a RouterError is the caller cancelling.
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled', cause });
  });
});
