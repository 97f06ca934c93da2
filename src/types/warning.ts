/**
 * What an adapter did with a setting it could not send as asked: `dropped` (left out of the request),
 * `changed` (sent with another value, given in {@link SettingWarning.value}), or `unsupported` (sent, or
 * accepted, but not honoured: the call does not do what the setting asks).
 */
export type SettingWarningType = 'dropped' | 'changed' | 'unsupported';

/**
 * A request setting the provider's adapter dropped or changed instead of failing the call, so the answer
 * may differ from what the request asked for. Carried by the response (`warnings`), the stream's final
 * response and the attempt in the trail (`Attempt.warnings`) whose request was converted with it.
 *
 * Warnings hold no request content and no key: only the setting's name, what happened, and for `changed`
 * the value actually sent.
 *
 * @example
 * ```ts
 * const response = await router.complete({
 *   model: 'claude-sonnet-4-5',
 *   messages,
 *   temperature: 0.2,
 *   reasoning: { effort: 'high' },
 * });
 * // [{ setting: 'temperature', type: 'dropped', message: 'Anthropic rejects temperature with extended thinking' }]
 * console.log(response.warnings);
 * ```
 */
export interface SettingWarning {
  /**
   * The setting as `CompletionRequest` names it, dotted below the top level: `temperature`,
   * `reasoning.budgetTokens`, `responseFormat.strict`, `providerOptions.n`.
   */
  readonly setting: string;
  readonly type: SettingWarningType;
  /** `changed` only: the value sent instead of the requested one. */
  readonly value?: unknown;
  /** Why, for a person reading logs. The same cause always gives the same message. */
  readonly message: string;
}
