/** Median, spread and percentiles over a set of measurements. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

/** Sorts a copy, so callers keep their arrival order. */
function sorted(values: readonly number[]): number[] {
  return [...values].sort((left, right) => left - right);
}

/**
 * The value below which `fraction` of the values fall (nearest rank on the sorted values), `NaN` when
 * there are none.
 */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const ordered = sorted(values);
  const rank = Math.min(ordered.length - 1, Math.max(0, Math.ceil(fraction * ordered.length) - 1));
  return ordered[rank]!;
}

/** The median of an even count is the mean of the middle two, so two rounds give their average. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const ordered = sorted(values);
  const middle = ordered.length >> 1;
  return ordered.length % 2 === 1 ? ordered[middle]! : (ordered[middle - 1]! + ordered[middle]!) / 2;
}

/** Median with min and max, the shape every table row of RESULTS.md reports. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, count: 0 };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { median: median(values), min, max, count: values.length };
}

/** A growable list of samples in a typed array, so recording a latency allocates nothing per call. */
export class SampleBuffer {
  #values: Float64Array;
  #length = 0;

  constructor(initialCapacity = 65_536) {
    this.#values = new Float64Array(initialCapacity);
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  clear(): void {
    this.#length = 0;
  }

  /** The `fraction` percentile of the samples so far (nearest rank). */
  percentile(fraction: number): number {
    if (this.#length === 0) return Number.NaN;
    const ordered = this.#values.slice(0, this.#length).sort();
    const rank = Math.min(this.#length - 1, Math.max(0, Math.ceil(fraction * this.#length) - 1));
    return ordered[rank]!;
  }
}
