import type { MemberHoldReason } from '../types/group.js';
import { RouterError } from '../types/router-error.js';

/** A group member out of rotation, as {@link GroupOnHoldError} reports it. */
export interface MemberHold {
  member: string;
  reason: MemberHoldReason;
  /** Epoch milliseconds. */
  until: number;
}

/**
 * Every member of the requested group is on hold (rate-limited, key rejected, breaker open) and the
 * model has no fallbacks: nothing was sent. Its kind follows the member that returns first;
 * `retryAfterMs` says when.
 */
export class GroupOnHoldError extends RouterError {
  readonly group: string;
  readonly holds: readonly MemberHold[];

  constructor(options: { group: string; holds: readonly MemberHold[] }) {
    const now = Date.now();
    const first = options.holds.reduce((soonest, hold) => (hold.until < soonest.until ? hold : soonest));
    const listed = options.holds
      .map((hold) => `${hold.member}: ${hold.reason} until ${new Date(hold.until).toISOString()}`)
      .join(', ');
    super({
      message: `Every member of group "${options.group}" is on hold (${listed}) and the model has no fallbacks; nothing was sent`,
      kind: first.reason,
      retryAfterMs: Math.max(0, first.until - now),
      shouldRetry: false,
    });
    this.name = 'GroupOnHoldError';
    this.group = options.group;
    this.holds = options.holds;
  }
}
