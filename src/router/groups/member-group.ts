import type { CircuitOpenError } from '../../errors/circuit-open-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { Attempt, Target } from '../../types/attempt.js';
import type { PriceLookup } from '../../types/cost.js';
import type { CircuitStateChangeEvent } from '../../types/events.js';
import type { GroupExplanation, GroupStrategy, MemberFigures } from '../../types/group.js';
import type { Provider } from '../../types/provider.js';
import type { CompletionRequest } from '../../types/request.js';
import type { RouterError } from '../../types/router-error.js';
import { targetFor } from '../resolve-model.js';
import { GroupMember } from './group-member.js';
import type { GroupMemberOptions, GroupOptions } from './group-options.js';
import {
  estimateCost,
  orderByCost,
  orderByLatency,
  orderLeastBusy,
  orderWeighted,
  type StrategyState,
  type TokenEstimate,
  tokenEstimateOf,
} from './order-members.js';

const strategies: readonly GroupStrategy[] = ['ordered', 'weighted', 'least-busy', 'latency', 'cost'];
/** The call size `explain()` prices members for when it is given none. */
const referenceTokens: TokenEstimate = { inputTokens: 1_000, outputTokens: 1_000 };

/** What a call tells its group as its attempts end and its breakers change: the figures the strategies read. */
export interface GroupWatcher {
  attemptEnded(record: Attempt): void;
  circuitChanged(event: CircuitStateChangeEvent): void;
}

/**
 * A group's members and its strategy's running state. Lives as long as the router: a configuration
 * change rebuilds the members' chains, not their figures. Every method is synchronous, so choosing a
 * member and reserving it happen in one step.
 */
export class MemberGroup {
  readonly strategy: GroupStrategy;
  readonly members: readonly GroupMember[];
  /** One per kind of call, built once: the watcher each call hands its run. */
  readonly watchers: Readonly<Record<'complete' | 'stream', GroupWatcher>>;
  private readonly byName = new Map<string, GroupMember>();
  private readonly state: StrategyState = { weightedSignature: 0, cursor: 0, explorationCredit: 0 };
  private readonly minSamples: number;
  private readonly exploration: number;
  private readonly authHoldMs: number;

  constructor(
    readonly name: string,
    readonly options: GroupOptions,
    providers: ReadonlyMap<string, Provider>,
    private readonly prices: PriceLookup | undefined,
  ) {
    const where = `groups["${name}"]`;
    const strategy = options.strategy ?? 'ordered';
    if (!strategies.includes(strategy)) {
      throw new ConfigurationError(
        `${where}.strategy is "${strategy}"; expected one of ${strategies.join(', ')}`,
      );
    }
    this.strategy = strategy;
    if (!Array.isArray(options.members) || options.members.length === 0) {
      throw new ConfigurationError(`${where}.members must list at least one member`);
    }
    this.minSamples = wholeNumber(options.latency?.minSamples ?? 5, `${where}.latency.minSamples`);
    this.exploration = options.latency?.exploration ?? 0.05;
    if (!(this.exploration >= 0 && this.exploration <= 0.5)) {
      throw new ConfigurationError(`${where}.latency.exploration must be between 0 and 0.5`);
    }
    this.authHoldMs = wholeNumber(options.authHoldMs ?? 300_000, `${where}.authHoldMs`);
    const names = memberNames(options.members);
    this.members = options.members.map((spec, index) => {
      const at = `${where}.members[${index}]`;
      if (!providers.has(spec.provider)) {
        const registered = [...providers.keys()].join(', ') || 'none';
        throw new ConfigurationError(
          `${at} names provider "${spec.provider}", which is not registered (registered: ${registered})`,
        );
      }
      const weight = spec.weight ?? 1;
      if (!(Number.isFinite(weight) && weight > 0))
        throw new ConfigurationError(`${at}.weight must be a positive number`);
      const member = names[index]!;
      if (this.byName.has(member))
        throw new ConfigurationError(`${at}.name "${member}" is used by another member`);
      // The name keys the member's breaker and limiter: another provider's name would share its state.
      if (member !== spec.provider && providers.has(member)) {
        throw new ConfigurationError(`${at}.name "${member}" is the name of another registered provider`);
      }
      const { provider, model } = targetFor({ provider: spec.provider, model: spec.model }, name, providers);
      const target: Target & { member: string } = { provider, model, member };
      if (spec.tags) target.tags = Object.freeze({ ...spec.tags });
      const grouped = new GroupMember(Object.freeze(target), weight, index);
      this.byName.set(member, grouped);
      return grouped;
    });
    this.watchers = { complete: this.watcher('complete'), stream: this.watcher('stream') };
  }

  /** A member by name, if it is one of this group's. */
  member(name: string | undefined): GroupMember | undefined {
    return name === undefined ? undefined : this.byName.get(name);
  }

  /**
   * The members the next call tries, in order, leaving out those on hold. Advances the strategy's
   * state (the round robin, the exploration count) unless `commit` is false. `sizing` is what the
   * `cost` strategy prices: the request itself, or its tokens (reference tokens without either).
   */
  order(
    operation: 'complete' | 'stream',
    sizing: CompletionRequest | TokenEstimate | undefined,
    commit = true,
  ): GroupMember[] {
    const now = Date.now();
    const available = this.members.filter((member) => member.available(now));
    if (available.length === 0) return available;
    switch (this.strategy) {
      case 'ordered':
        return available;
      case 'weighted':
        return orderWeighted(available, this.state, commit);
      case 'least-busy':
        return orderLeastBusy(available, this.state, commit);
      case 'latency':
        return orderByLatency(
          available,
          { kind: operation, minSamples: this.minSamples, exploration: this.exploration },
          this.state,
          commit,
        );
      case 'cost':
        return orderByCost(available, this.prices, tokensOf(sizing));
    }
  }

  /** A call starts on `member`. */
  acquire(member: GroupMember): void {
    member.inFlight++;
    member.tried++;
    member.lastTriedAt = Date.now();
  }

  /** A call leaves `member` (it answered, failed, or the call ended). */
  release(member: GroupMember): void {
    member.inFlight = Math.max(0, member.inFlight - 1);
  }

  /**
   * A call failed on `member`: a 429's Retry-After holds it at least that long, a breaker's refusal until
   * the breaker lets a probe through. A rejected key has opened its breaker (the default of
   * `circuitBreaker`), which holds the member until the probe; without a breaker, it is held for `authHoldMs`.
   */
  failed(member: GroupMember, error: RouterError): void {
    const now = Date.now();
    if (error.kind === 'rate_limited' && error.retryAfterMs !== undefined) {
      member.hold(now + error.retryAfterMs, 'rate_limited');
    } else if (error.kind === 'auth') {
      const breakerHolds = member.heldFor === 'circuit_open' && !member.available(now);
      if (!breakerHolds) member.hold(now + this.authHoldMs, 'auth');
    } else if (error.kind === 'circuit_open') {
      const reopensAt = (error as Partial<CircuitOpenError>).reopensAt;
      if (typeof reopensAt === 'number') member.hold(reopensAt, 'circuit_open');
    }
  }

  /**
   * The group with its live figures and the order the next call of this kind and size would take
   * (nothing is advanced).
   */
  explain(
    tokens: TokenEstimate = referenceTokens,
    operation: 'complete' | 'stream' = 'complete',
  ): GroupExplanation {
    const now = Date.now();
    return {
      name: this.name,
      strategy: this.strategy,
      members: this.members.map((member) => this.figuresOf(member, now, tokens)),
      order: this.order(operation, tokens, false).map((member) => member.name),
      costBasis: { ...tokens },
    };
  }

  private figuresOf(member: GroupMember, now: number, tokens: TokenEstimate): MemberFigures {
    const figures: MemberFigures = {
      member: member.name,
      provider: member.target.provider,
      model: member.target.model,
      weight: member.weight,
      inFlight: member.inFlight,
      samples: { complete: member.complete.samples, stream: member.stream.samples },
    };
    if (member.target.tags) figures.tags = member.target.tags;
    if (member.complete.samples > 0) figures.latencyMs = member.complete.value;
    if (member.stream.samples > 0) figures.timeToFirstTokenMs = member.stream.value;
    if (!member.available(now)) {
      figures.heldUntil = member.heldUntil;
      figures.heldFor = member.heldFor;
    }
    const cost = this.prices ? estimateCost(this.prices, member, tokens) : undefined;
    if (cost !== undefined) figures.estimatedCostUsd = cost;
    return figures;
  }

  private watcher(kind: 'complete' | 'stream'): GroupWatcher {
    return {
      attemptEnded: (record) => {
        if (record.outcome !== 'success') return;
        const member = this.member(record.member);
        if (!member) return;
        const figure = kind === 'stream' ? record.timeToFirstContentMs : record.latencyMs;
        if (figure !== undefined) member[kind].add(figure);
      },
      circuitChanged: (event) => {
        const member = this.member(event.target.provider);
        if (!member) return;
        if (event.to === 'open' && event.reopensAt !== undefined)
          member.hold(event.reopensAt, 'circuit_open');
        else if (event.to === 'closed') member.breakerClosed();
      },
    };
  }
}

function tokensOf(sizing: CompletionRequest | TokenEstimate | undefined): TokenEstimate {
  if (sizing === undefined) return referenceTokens;
  return 'messages' in sizing ? tokenEstimateOf(sizing) : sizing;
}

/** Each member's name: its own, else the provider's when it appears once, else `provider#n`. */
function memberNames(members: readonly GroupMemberOptions[]): string[] {
  const count = new Map<string, number>();
  for (const member of members) count.set(member.provider, (count.get(member.provider) ?? 0) + 1);
  const seen = new Map<string, number>();
  return members.map((member) => {
    if (member.name !== undefined && member.name !== '') return member.name;
    const occurrence = (seen.get(member.provider) ?? 0) + 1;
    seen.set(member.provider, occurrence);
    return count.get(member.provider) === 1 ? member.provider : `${member.provider}#${occurrence}`;
  });
}

function wholeNumber(value: number, where: string): number {
  if (!(Number.isInteger(value) && value >= 0))
    throw new ConfigurationError(`${where} must be a whole number, 0 or more`);
  return value;
}
