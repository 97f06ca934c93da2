import { randomUUID } from 'node:crypto';
import type { StateStore } from '../state/state-store.js';
import type { CircuitState } from '../types/events.js';
import type { RouterError } from '../types/router-error.js';
import type { BreakerState, Verdict } from './breaker-state.js';

/** How a circuit breaker shares its state through a {@link StateStore}. */
export interface BreakerSharingOptions {
  /** Background read of every open deadline, the safety net under pub/sub. Default 1,000 (±20% jitter). */
  syncIntervalMs?: number;
  /** How often a replica sends its batch of failure counts. Default 250. */
  flushIntervalMs?: number;
  /** Counted failures across the fleet that open the breaker everywhere. Default `failureThreshold`. */
  fleetFailureThreshold?: number;
  /** How long a fleet failure count lives without new failures. Default 60,000. */
  failureWindowMs?: number;
  /** Longest a half-open probe holds the fleet's probe lease. Default 30,000. */
  leaseMs?: number;
  /** Randomness for the sync jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

interface FleetSettings {
  store: StateStore;
  cooldownMs: number;
  failureThreshold: number;
  sharing: BreakerSharingOptions;
}

interface Pending {
  failures: number;
  successes: number;
}

interface BreakerMessage {
  key: string;
  state: 'open' | 'closed';
  remainingMs: number;
  from: string;
}

const topic = 'breaker';

/**
 * Links a breaker's local state machines to the fleet through a store. Nothing here runs on the request
 * path of a closed breaker: transitions are published, counts batched and deadlines read in the
 * background; the only awaited command is the half-open probe lease. Every store failure is swallowed:
 * the local breaker goes on alone and the store reports its own status.
 */
export class BreakerFleet {
  private readonly replica = randomUUID();
  private readonly breakers = new Map<string, BreakerState>();
  private readonly pending = new Map<string, Pending>();
  /** Keys whose last batch carried failures: only their successes are worth sending. */
  private readonly dirty = new Set<string>();
  private applyingFleet = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private subscribing = false;
  private stopped = false;
  private readonly syncIntervalMs: number;
  private readonly flushIntervalMs: number;
  private readonly fleetThreshold: number;
  private readonly windowMs: number;
  private readonly leaseMs: number;
  private readonly random: () => number;

  constructor(private readonly settings: FleetSettings) {
    const sharing = settings.sharing;
    this.syncIntervalMs = sharing.syncIntervalMs ?? 1_000;
    this.flushIntervalMs = sharing.flushIntervalMs ?? 250;
    this.fleetThreshold = Math.max(1, sharing.fleetFailureThreshold ?? settings.failureThreshold);
    this.windowMs = sharing.failureWindowMs ?? 60_000;
    this.leaseMs = sharing.leaseMs ?? 30_000;
    this.random = sharing.random ?? Math.random;
  }

  /** Starts following `key` for the fleet; the first breaker starts the subscription and the sync. */
  register(key: string, breaker: BreakerState): void {
    this.breakers.set(key, breaker);
    if (this.breakers.size === 1) {
      this.listen();
      this.scheduleSync();
    }
    void this.syncKey(key);
  }

  /** A breaker changed state. A change the fleet caused is not sent back to it. */
  changed(key: string, from: CircuitState, to: CircuitState): void {
    if (this.applyingFleet || this.stopped) return;
    if (to === 'open') void this.publishOpen(key, this.settings.cooldownMs);
    else if (to === 'closed' && from !== 'closed') void this.publishClosed(key);
  }

  /** A call through a closed breaker ended; a 429 with Retry-After holds the target open fleet-wide. */
  recorded(key: string, verdict: Verdict, error?: RouterError): void {
    if (this.stopped) return;
    if (error?.kind === 'rate_limited' && error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
      this.holdOpen(key, error.retryAfterMs);
      void this.publishOpen(key, error.retryAfterMs);
    }
    if (verdict === 'neutral' || (verdict === 'success' && !this.dirty.has(key))) return;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { failures: 0, successes: 0 };
      this.pending.set(key, batch);
    }
    if (verdict === 'failure' || verdict === 'trip') {
      batch.failures++;
      this.dirty.add(key);
    } else batch.successes++;
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), this.flushIntervalMs);
      this.flushTimer.unref?.();
    }
  }

  /**
   * A half-open breaker admitted a probe: only the replica holding the fleet's lease sends it. True when
   * this replica may probe; with the store unreachable the local breaker decides alone.
   */
  async acquireProbe(key: string): Promise<boolean> {
    let granted: boolean;
    try {
      granted = await this.settings.store.acquireLease({
        key,
        holder: this.replica,
        ttlMs: this.leaseMs,
      });
    } catch {
      return true;
    }
    // Another replica probes; its outcome reaches this one by pub/sub, the lease expiry is the safety net.
    if (!granted) this.holdOpen(key, Math.min(this.leaseMs, this.settings.cooldownMs));
    return granted;
  }

  /** The probe ended, whatever its outcome: the lease goes back. */
  probeEnded(key: string): void {
    this.settings.store.releaseLease({ key, holder: this.replica }).catch(() => {});
  }

  /** Stops the timers and the subscription. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.syncTimer);
    await this.unsubscribe?.().catch(() => {});
  }

  private holdOpen(key: string, remainingMs: number): void {
    const breaker = this.breakers.get(key);
    if (!breaker) return;
    this.applyingFleet = true;
    try {
      breaker.holdOpenUntil(Date.now() + remainingMs);
    } finally {
      this.applyingFleet = false;
    }
  }

  private async publishOpen(key: string, ttlMs: number): Promise<void> {
    let remainingMs = ttlMs;
    try {
      remainingMs = await this.settings.store.extendDeadline({ key, ttlMs });
      // The fleet's deadline may be the longer one: follow it here too.
      if (remainingMs > ttlMs) this.holdOpen(key, remainingMs);
    } catch {
      // The message still goes out: a slow write must not keep the other replicas calling.
    }
    await this.send({ key, state: 'open', remainingMs, from: this.replica }).catch(() => {});
  }

  private async publishClosed(key: string): Promise<void> {
    // Sent whatever became of the write: the replicas waiting on this probe must hear its outcome.
    await Promise.allSettled([
      this.settings.store.clearDeadline(key),
      this.send({ key, state: 'closed', remainingMs: 0, from: this.replica }),
    ]);
  }

  private send(message: BreakerMessage): Promise<void> {
    return this.settings.store.publish(topic, JSON.stringify(message));
  }

  private receive(raw: string): void {
    let message: BreakerMessage;
    try {
      message = JSON.parse(raw) as BreakerMessage;
    } catch {
      return;
    }
    if (message.from === this.replica) return;
    const breaker = this.breakers.get(message.key);
    if (!breaker) return;
    if (message.state === 'open') this.holdOpen(message.key, message.remainingMs);
    else {
      this.applyingFleet = true;
      try {
        breaker.closeFromFleet();
      } finally {
        this.applyingFleet = false;
      }
    }
  }

  private listen(): void {
    if (this.unsubscribe || this.subscribing || this.stopped) return;
    this.subscribing = true;
    this.settings.store
      .subscribe(topic, (raw) => this.receive(raw))
      .then((unsubscribe) => {
        this.unsubscribe = unsubscribe;
        if (this.stopped) void unsubscribe().catch(() => {});
      })
      .catch(() => {})
      .finally(() => {
        this.subscribing = false;
      });
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const batches = [...this.pending];
    this.pending.clear();
    await Promise.all(
      batches.map(async ([key, batch]) => {
        try {
          const tally = await this.settings.store.recordOutcomes({
            key,
            failures: batch.failures,
            successes: batch.successes,
            windowMs: this.windowMs,
            threshold: this.fleetThreshold,
            openMs: this.settings.cooldownMs,
          });
          if (tally.failures === 0) this.dirty.delete(key);
          if (tally.openMs > 0) {
            this.holdOpen(key, tally.openMs);
            await this.send({ key, state: 'open', remainingMs: tally.openMs, from: this.replica });
          }
        } catch {
          // A lost batch only delays the fleet's view; the local threshold still applies.
        }
      }),
    );
  }

  private async syncKey(key: string): Promise<void> {
    try {
      const remainingMs = await this.settings.store.readDeadline(key);
      // A half-open breaker is past the deadline it would read (give or take a clock's skew): its probe
      // decides, and a probe failure elsewhere arrives as a message.
      if (remainingMs > 0 && this.breakers.get(key)?.state !== 'half-open') this.holdOpen(key, remainingMs);
    } catch {
      // Read again at the next sync.
    }
  }

  private scheduleSync(): void {
    if (this.stopped) return;
    const jitter = 0.8 + this.random() * 0.4;
    this.syncTimer = setTimeout(() => {
      this.listen();
      void Promise.all([...this.breakers.keys()].map((key) => this.syncKey(key))).finally(() =>
        this.scheduleSync(),
      );
    }, this.syncIntervalMs * jitter);
    this.syncTimer.unref?.();
  }
}
