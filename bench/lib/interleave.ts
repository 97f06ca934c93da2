/** Options of {@link interleave}. */
export interface InterleaveOptions<Name extends string, Result> {
  contenders: readonly Name[];
  rounds: number;
  measure: (contender: Name, round: number) => Promise<Result>;
  /** Called after each measurement, for progress output. */
  onResult?: (contender: Name, round: number, result: Result) => void;
}

/**
 * Measures every contender once per round, rotating the order each round (A B C, B C A, C A B ...), so
 * machine drift and the cost of going first or last fall on all of them alike.
 */
export async function interleave<Name extends string, Result>(
  options: InterleaveOptions<Name, Result>,
): Promise<Map<Name, Result[]>> {
  const { contenders, rounds, measure } = options;
  const results = new Map<Name, Result[]>(contenders.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < contenders.length; offset++) {
      const contender = contenders[(round + offset) % contenders.length]!;
      const result = await measure(contender, round);
      results.get(contender)!.push(result);
      options.onResult?.(contender, round, result);
    }
  }
  return results;
}

/** The per-round ratio `numerator / denominator`, so each pair shares its round's machine state. */
export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): number[] {
  return numerator.map((value, index) => value / denominator[index]!);
}

/** The per-round difference `minuend - subtrahend`. */
export function pairedDifferences(minuend: readonly number[], subtrahend: readonly number[]): number[] {
  return minuend.map((value, index) => value - subtrahend[index]!);
}
