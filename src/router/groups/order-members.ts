import { defaultOutputReservation, estimateTokens } from '../../middleware/estimate-tokens.js';
import type { PriceLookup, TokenPrice } from '../../types/cost.js';
import type { CompletionRequest } from '../../types/request.js';
import type { GroupMember, MovingAverage } from './group-member.js';

/** Tokens a call is expected to use, for the `cost` strategy. */
export interface TokenEstimate {
  inputTokens: number;
  outputTokens: number;
}

/** The running state the stateful strategies keep between calls, one per group. */
export interface StrategyState {
  /** Which members were available when weights were last counted: a change restarts the round. */
  weightedSignature: number;
  /** Rotates the tie-break of `least-busy`, so equally busy members share. */
  cursor: number;
  /** `latency`: exploration owed, in calls; one is sent to another member each time it reaches 1. */
  explorationCredit: number;
}

/**
 * Smooth weighted round robin over `available`: each member gains its weight, the highest goes first and
 * loses the total. Weights 3:1 give exactly 3 of every 4 calls, interleaved. `commit: false` only looks.
 */
export function orderWeighted(
  available: readonly GroupMember[],
  state: StrategyState,
  commit: boolean,
): GroupMember[] {
  let signature = available.length;
  for (const member of available) signature = (Math.imul(signature, 31) + member.index + 1) | 0;
  const restart = signature !== state.weightedSignature;
  let total = 0;
  let best: GroupMember | undefined;
  let bestWeight = Number.NEGATIVE_INFINITY;
  for (const member of available) {
    total += member.weight;
    const weight = (restart ? 0 : member.currentWeight) + member.weight;
    if (weight > bestWeight) {
      bestWeight = weight;
      best = member;
    }
  }
  if (commit) {
    state.weightedSignature = signature;
    for (const member of available)
      member.currentWeight = (restart ? 0 : member.currentWeight) + member.weight;
    best!.currentWeight -= total;
  }
  return [best!, ...available.filter((member) => member !== best)];
}

/** Fewest calls in flight first; ties rotate, so members equally busy share the calls. */
export function orderLeastBusy(
  available: readonly GroupMember[],
  state: StrategyState,
  commit: boolean,
): GroupMember[] {
  const count = available.length;
  const cursor = state.cursor;
  if (commit) state.cursor = (cursor + 1) % 1_000_000;
  const rank = (member: GroupMember, position: number) =>
    member.inFlight * count + ((((position - cursor) % count) + count) % count);
  return available
    .map((member, position) => ({ member, rank: rank(member, position) }))
    .sort((left, right) => left.rank - right.rank)
    .map((entry) => entry.member);
}

/**
 * Lowest moving average first (time to first token for streams, latency for calls). Members tried fewer
 * than `minSamples` times go first until they are measured; after that, `exploration` of the calls go
 * first to the least recently tried other member, so a member that was slow and got faster is noticed.
 */
export function orderByLatency(
  available: readonly GroupMember[],
  options: { kind: 'complete' | 'stream'; minSamples: number; exploration: number },
  state: StrategyState,
  commit: boolean,
): GroupMember[] {
  const averageOf = (member: GroupMember): MovingAverage => member[options.kind];
  const figure = (member: GroupMember) => {
    const average = averageOf(member);
    return average.samples === 0 ? Number.POSITIVE_INFINITY : average.value;
  };
  const warming = available.filter((member) => member.tried < options.minSamples);
  const ranked = available
    .filter((member) => member.tried >= options.minSamples)
    .sort((left, right) => figure(left) - figure(right));
  if (warming.length > 0) {
    warming.sort((left, right) => left.tried + left.inFlight - (right.tried + right.inFlight));
    return [...warming, ...ranked];
  }
  if (ranked.length < 2 || options.exploration === 0) return ranked;
  const credit = state.explorationCredit + options.exploration;
  if (credit < 1) {
    if (commit) state.explorationCredit = credit;
    return ranked;
  }
  if (commit) state.explorationCredit = credit - 1;
  let explored = ranked[1]!;
  for (let index = 2; index < ranked.length; index++) {
    if (ranked[index]!.lastTriedAt < explored.lastTriedAt) explored = ranked[index]!;
  }
  return [explored, ...ranked.filter((member) => member !== explored)];
}

/** Cheapest first for the call's estimated tokens; members without a known price last, in configured order. */
export function orderByCost(
  available: readonly GroupMember[],
  prices: PriceLookup | undefined,
  tokens: TokenEstimate,
): GroupMember[] {
  if (!prices) return [...available];
  return available
    .map((member) => ({ member, cost: estimateCost(prices, member, tokens) ?? Number.POSITIVE_INFINITY }))
    .sort((left, right) => left.cost - right.cost || left.member.index - right.member.index)
    .map((entry) => entry.member);
}

/** What a call of `tokens` would cost on a member, in US dollars, or `undefined` when its price is unknown. */
export function estimateCost(
  prices: PriceLookup,
  member: GroupMember,
  tokens: TokenEstimate,
): number | undefined {
  let found: ReturnType<PriceLookup['pricesOf']>;
  try {
    found = prices.pricesOf(member.target.provider, member.target.model);
  } catch {
    // A lookup that throws leaves the member unpriced, never the call failed.
    return undefined;
  }
  if (!found) return undefined;
  const input = perMillion(found.input, tokens.inputTokens);
  const output = perMillion(found.output, tokens.inputTokens);
  return (tokens.inputTokens * input + tokens.outputTokens * output) / 1_000_000;
}

/** The tokens a request is expected to use: its prompt by the router's estimate, and its `maxTokens`. */
export function tokenEstimateOf(request: CompletionRequest): TokenEstimate {
  const outputTokens = request.maxTokens ?? defaultOutputReservation;
  return { inputTokens: estimateTokens(request) - outputTokens, outputTokens };
}

/** The price per million tokens in force for a request of `inputTokens` (long-context tiers by input size). */
function perMillion(price: TokenPrice, inputTokens: number): number {
  if (typeof price === 'number') return price;
  let applied = price.base;
  for (const tier of price.tiers) if (inputTokens > tier.start) applied = tier.price;
  return applied;
}
