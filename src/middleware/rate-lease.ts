import type { RateBucket, RateDecision } from '../state/gcra.js';
import type { StateStore } from '../state/state-store.js';
import type { LimitState } from './limit-state.js';

/** A block's request slots: slot `i` may be used from `max(floor, first + i * interval)` (epoch ms). */
interface SlotRun {
  first: number;
  interval: number;
  floor: number;
  count: number;
}

/**
 * Leased request slots, earliest first, kept as runs of evenly spaced slots (a block of a million slots
 * is one run, not a million numbers).
 */
class SlotQueue {
  private runs: SlotRun[] = [];
  /** Slots of `runs[0]` already used. */
  private used = 0;
  size = 0;

  /** When the next slot may be used, or `undefined` when none is left. */
  peek(): number | undefined {
    const run = this.runs[0];
    return run ? Math.max(run.floor, run.first + this.used * run.interval) : undefined;
  }

  /** When the last slot may be used, or `undefined` when none is left. */
  last(): number | undefined {
    const run = this.runs.at(-1);
    return run ? Math.max(run.floor, run.first + (run.count - 1) * run.interval) : undefined;
  }

  shift(): void {
    const run = this.runs[0];
    if (!run) return;
    this.size--;
    if (++this.used < run.count) return;
    this.runs.shift();
    this.used = 0;
  }

  append(run: SlotRun): void {
    if (run.count <= 0) return;
    this.runs.push(run);
    this.size += run.count;
  }

  clear(): void {
    this.runs = [];
    this.used = 0;
    this.size = 0;
  }
}

/** Request slots and tokens this process has taken from the fleet's budget ahead of its calls. */
interface Lease {
  slots: SlotQueue;
  /** Leased tokens not spent yet. */
  tokens: number;
  /** When what is left goes back to the fleet (epoch ms); 0 for no lease. */
  expiresAt: number;
  /** A block being taken from the store (in the background, or for a call), which others wait for. */
  inflight: Promise<unknown> | undefined;
}

/**
 * Leases of a shared rate limit: instead of one store decision per call, a process takes a block of the
 * fleet's budget at once (`leaseMs` of its share of the limit: request slots, each usable from its own
 * time, and tokens), spends it from memory, and takes the next block in the background when half is
 * spent, so a call of a healthy provider sends no store command. The fleet's GCRA still decides every
 * block, so the fleet keeps to the limit. When a lease expires (`leaseMs` after its last slot) the
 * tokens it left unspent go back to the budget, riding on the next store call like every correction;
 * its unused slots are past by then, so the fleet under-uses them (never over-uses).
 */
export class RateLeases {
  private readonly leases = new Map<LimitState, Lease>();

  constructor(
    private readonly store: StateStore,
    private readonly leaseMs: number,
    private readonly replicas: number,
  ) {}

  /**
   * Decides one call from the lease, taking a new block first when the lease cannot hold the call.
   * Rejects when the store is unreachable (the caller then decides locally).
   */
  async decide(limit: LimitState, tokens: number, maxWaitMs: number): Promise<RateDecision> {
    const lease = this.leaseOf(limit);
    for (let round = 0; ; round++) {
      const now = Date.now();
      if (!lease.inflight) this.expire(limit, lease, now);
      const taken = this.take(limit, lease, tokens, now, maxWaitMs);
      if (taken) {
        this.refillIfLow(limit, lease, tokens);
        return taken;
      }
      // A block is on its way (concurrent calls do not each take one): wait for it once.
      if (!lease.inflight || round > 0) break;
      await lease.inflight.catch(() => undefined);
    }
    // The lease cannot hold this call: take a block that can, in this call's one round trip.
    let refusal = await this.refill(limit, lease, tokens, this.blockOf(limit));
    if (refusal && this.blockOf(limit) > 1) refusal = await this.refill(limit, lease, tokens, 1);
    if (refusal) return refusal;
    return (
      this.take(limit, lease, tokens, Date.now(), maxWaitMs) ?? { ...this.waitFor(lease), allowed: false }
    );
  }

  private leaseOf(limit: LimitState): Lease {
    let lease = this.leases.get(limit);
    if (!lease) {
      lease = { slots: new SlotQueue(), tokens: 0, expiresAt: 0, inflight: undefined };
      this.leases.set(limit, lease);
    }
    return lease;
  }

  /** Request slots per block: this process's share of `leaseMs` at the limit's rate, at least one. */
  private blockOf(limit: LimitState): number {
    const { policy } = limit;
    if (policy.requestIndex < 0) return 0;
    const interval = policy.shapes[policy.requestIndex]!.intervalMs;
    return Math.max(1, Math.floor(this.leaseMs / interval / this.replicas));
  }

  /** Tokens per block: this process's share of `leaseMs` at the limit's token rate, at least `needed`. */
  private tokenBlockOf(limit: LimitState, needed: number): number {
    const { policy } = limit;
    if (policy.tokenIndex < 0) return 0;
    const shape = policy.shapes[policy.tokenIndex]!;
    const share = Math.floor(this.leaseMs / shape.intervalMs / this.replicas);
    return Math.min(shape.burst, Math.max(needed, share));
  }

  /** The call's decision from what the lease holds, or `undefined` when it holds too little. */
  private take(
    limit: LimitState,
    lease: Lease,
    tokens: number,
    now: number,
    maxWaitMs: number,
  ): RateDecision | undefined {
    const { policy } = limit;
    const usesSlots = policy.requestIndex >= 0;
    if (usesSlots && lease.slots.size === 0) return undefined;
    if (policy.tokenIndex >= 0 && lease.tokens < tokens) return undefined;
    const waitMs = usesSlots ? waitUntil(lease.slots.peek()!, now) : 0;
    const remaining = this.remainingOf(limit, lease);
    // Refused, the slot stays leased: a store decision now would see the same wait.
    if (waitMs > maxWaitMs) return { allowed: false, waitMs, remaining };
    if (usesSlots) lease.slots.shift();
    if (policy.tokenIndex >= 0) lease.tokens -= tokens;
    return { allowed: true, waitMs, remaining: this.remainingOf(limit, lease) };
  }

  private remainingOf(limit: LimitState, lease: Lease): number[] {
    const { policy } = limit;
    return policy.shapes.map((_shape, index) =>
      index === policy.requestIndex ? lease.slots.size : index === policy.tokenIndex ? lease.tokens : 0,
    );
  }

  private waitFor(lease: Lease): { waitMs: number; remaining: number[] } {
    const slot = lease.slots.peek();
    return { waitMs: slot === undefined ? 0 : waitUntil(slot, Date.now()), remaining: [] };
  }

  /** Half the lease spent: the next block is taken in the background, off every call's path. */
  private refillIfLow(limit: LimitState, lease: Lease, tokens: number): void {
    if (lease.inflight) return;
    const { policy } = limit;
    const block = this.blockOf(limit);
    const slotsLow = policy.requestIndex >= 0 && lease.slots.size < Math.ceil(block / 2);
    const tokensLow =
      policy.tokenIndex >= 0 && lease.tokens < Math.ceil(this.tokenBlockOf(limit, tokens) / 2);
    if (!slotsLow && !tokensLow) return;
    // A failure leaves the lease to run out; then each call asks the store, or decides locally.
    this.refill(limit, lease, 0, block).catch(() => undefined);
  }

  /**
   * Takes a block of `slots` request slots and enough tokens for `needed` more from the fleet, with the
   * corrections waiting to ride along. Resolves with the fleet's refusal when it cannot grant the block
   * within `leaseMs`, else `undefined` (the lease holds the block).
   */
  private refill(
    limit: LimitState,
    lease: Lease,
    needed: number,
    slots: number,
  ): Promise<RateDecision | undefined> {
    const taking = this.takeBlock(limit, lease, needed, slots);
    const inflight = taking.finally(() => {
      if (lease.inflight === inflight) lease.inflight = undefined;
    });
    lease.inflight = inflight;
    return inflight;
  }

  private async takeBlock(
    limit: LimitState,
    lease: Lease,
    needed: number,
    slots: number,
  ): Promise<RateDecision | undefined> {
    const { policy } = limit;
    const tokenBlock = this.tokenBlockOf(limit, needed);
    const carry = limit.pending;
    limit.pending = policy.shapes.map(() => 0);
    const buckets: RateBucket[] = policy.shapes.map((shape, index) => ({
      ...shape,
      cost: index === policy.requestIndex ? slots : index === policy.tokenIndex ? tokenBlock : 0,
      carry: carry[index] ?? 0,
    }));
    // A block may reach `leaseMs` past the slots this process already holds (the fleet's are beyond them).
    const held = lease.slots.last();
    const maxWaitMs = this.leaseMs + (held === undefined ? 0 : Math.max(0, held - Date.now()));
    let decision: RateDecision;
    try {
      decision = await this.store.takeRate({ key: limit.key, buckets, maxWaitMs });
    } catch (error) {
      for (let index = 0; index < carry.length; index++) limit.pending[index]! += carry[index]!;
      limit.fleet = undefined;
      throw error;
    }
    const now = Date.now();
    limit.fleet = { remaining: decision.remaining, at: now };
    if (!decision.allowed) return decision;
    if (policy.requestIndex >= 0) {
      // GCRA's wait is when the block's last slot conforms; each earlier one conforms an interval sooner.
      const interval = policy.shapes[policy.requestIndex]!.intervalMs;
      const last = now + decision.waitMs;
      lease.slots.append({ first: last - (slots - 1) * interval, interval, floor: now, count: slots });
    }
    lease.tokens += tokenBlock;
    lease.expiresAt = Math.max(lease.expiresAt, (lease.slots.last() ?? now) + this.leaseMs);
    return undefined;
  }

  /** An expired lease gives back what it did not spend. */
  private expire(limit: LimitState, lease: Lease, now: number): void {
    if (lease.expiresAt !== 0 && now >= lease.expiresAt) this.giveBack(limit, lease);
  }

  private giveBack(limit: LimitState, lease: Lease): void {
    const { policy } = limit;
    const unusedSlots = lease.slots.size;
    if (policy.requestIndex >= 0 && unusedSlots > 0) limit.pending[policy.requestIndex]! -= unusedSlots;
    if (policy.tokenIndex >= 0 && lease.tokens > 0) limit.pending[policy.tokenIndex]! -= lease.tokens;
    lease.slots.clear();
    lease.tokens = 0;
    lease.expiresAt = 0;
  }
}

/**
 * Whole milliseconds until `slot`. The store's wait is rounded up to whole milliseconds, which places
 * fractional slots up to 1 ms late: less than that is no wait.
 */
function waitUntil(slot: number, now: number): number {
  const wait = slot - now;
  return wait < 1 ? 0 : Math.ceil(wait);
}
