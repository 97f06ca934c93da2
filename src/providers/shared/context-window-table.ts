/** Context windows by model-name prefix, longest prefix first: `gpt-4o-mini` before `gpt-4o` before `gpt-4`. */
export type ContextWindowTable = ReadonlyArray<readonly [prefix: string, tokens: number]>;

/**
 * A provider's `contextWindow(model)` over its table: the first prefix that matches, or `undefined`
 * for a model the table does not know (the router then does not judge that target's window).
 */
export function contextWindowLookup(table: ContextWindowTable): (model: string) => number | undefined {
  return (model) => {
    for (const [prefix, tokens] of table) if (model.startsWith(prefix)) return tokens;
    return undefined;
  };
}
