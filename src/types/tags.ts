/**
 * Labels on a provider or a target that a call can require or prefer: where it runs (`region: 'eu'`),
 * what it promises (`zdr: true`), what it costs (`tier: 'cheap'`), anything. Values compare with `===`.
 */
export type Tags = Readonly<Record<string, string | number | boolean>>;

/**
 * What a call asks of the targets that may serve it. `require` is hard: a target missing any of these
 * tag values is left out of the plan and of every fallback, and a call left with no target fails before
 * any network call with `NoEligibleTargetError`. `prefer` is soft: targets carrying all of these come
 * first, the rest keep their order after them.
 */
export interface TargetConstraints {
  require?: Tags;
  prefer?: Tags;
}
