import fc from 'fast-check';

/**
 * Arbitraries for hostile wire payloads: a well-formed template with any field missing, null, of the
 * wrong type or huge, at any depth. Shared by the fuzz targets under test/fuzz.
 */

const HUGE = 'x'.repeat(20_000);

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

/** Any JSON value a hostile or broken server might put where something else was expected. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5),
  fc.string({ maxLength: 20 }),
  fc.constant(HUGE),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 5 }), fc.constant(null)), {
    maxKeys: 3,
  }),
  fc.constant(deeplyNested(300)),
);

/** `template` itself, or with any field at any depth missing, null, of the wrong type or huge. */
export function variantOf(template: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(template) && template.length === 0) {
    return fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: garbage });
  }
  if (Array.isArray(template)) {
    const items = template.map((item) => variantOf(item));
    const arrays = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(...items) },
      { weight: 1, arbitrary: fc.array(fc.oneof(...items), { maxLength: 6 }) },
    );
    return fc.oneof({ weight: 8, arbitrary: arrays }, { weight: 1, arbitrary: garbage });
  }
  if (typeof template === 'object' && template !== null) {
    const fields = Object.entries(template);
    const record = fc
      .tuple(
        ...fields.map(([key, value]) =>
          fc.oneof(
            { weight: 6, arbitrary: variantOf(value).map((v) => [key, v] as const) },
            { weight: 1, arbitrary: fc.constant(undefined) },
          ),
        ),
      )
      .map((entries) => Object.fromEntries(entries.filter((entry) => entry !== undefined)));
    return fc.oneof({ weight: 8, arbitrary: record }, { weight: 1, arbitrary: garbage });
  }
  return fc.oneof({ weight: 4, arbitrary: fc.constant(template) }, { weight: 1, arbitrary: garbage });
}

/** Fuzz runs per target: 10,000, or FUZZ_RUNS (more for a longer local hunt). */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 10_000);
