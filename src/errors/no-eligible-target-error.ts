import type { Target } from '../types/attempt.js';
import { RouterError } from '../types/router-error.js';
import type { Tags } from '../types/tags.js';

/** A target a call's `require` left out, and the tag values it has instead of the required ones. */
export interface ExcludedTarget extends Target {
  /** Each required tag the target lacks, with the value it has (`undefined`: the tag is not set). */
  mismatched: Readonly<Record<string, string | number | boolean | undefined>>;
}

/**
 * No target of the plan carries the tags the call requires, so nothing was sent. Thrown before any
 * network call; `require` is the requirement and `excluded` every target it left out, with why.
 */
export class NoEligibleTargetError extends RouterError {
  readonly requestedModel: string;
  readonly require: Tags;
  readonly excluded: readonly ExcludedTarget[];

  constructor(options: { model: string; require: Tags; excluded: readonly ExcludedTarget[] }) {
    const wanted = Object.entries(options.require)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(', ');
    const left = options.excluded
      .map((target) => {
        const has = Object.entries(target.mismatched)
          .map(([key, value]) => `${key}=${value === undefined ? '(unset)' : String(value)}`)
          .join(', ');
        return `${target.provider}/${target.model} (${has})`;
      })
      .join('; ');
    super({
      message: `No target for model "${options.model}" meets the requirement ${wanted}; excluded: ${left}`,
      kind: 'bad_request',
      model: options.model,
    });
    this.name = 'NoEligibleTargetError';
    this.requestedModel = options.model;
    this.require = options.require;
    this.excluded = options.excluded;
  }
}
