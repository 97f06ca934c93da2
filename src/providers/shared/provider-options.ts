/**
 * The pass-through fields for one provider: those under its type (`openai`) then those under its own
 * name (`groq`), the more specific winning. `undefined` when there are none, so the hot path skips the
 * merge.
 */
export function passThroughOptions(
  request: { providerOptions?: Record<string, Record<string, unknown>> | undefined },
  providerType: string,
  providerName: string,
): Record<string, unknown> | undefined {
  const all = request.providerOptions;
  if (!all) return undefined;
  const byType = all[providerType];
  const byName = providerName === providerType ? undefined : all[providerName];
  if (!byType) return byName;
  if (!byName) return byType;
  return { ...byType, ...byName };
}
