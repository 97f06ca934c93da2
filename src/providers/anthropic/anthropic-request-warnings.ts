import type { SettingWarning } from '../../types/warning.js';
import { fixedWarning } from '../shared/setting-warnings.js';

const rejectedWithThinking = 'Anthropic rejects this setting with extended thinking; not sent';
const noEquivalent = 'the Messages API has no equivalent; not sent';

/** Every fixed warning the Messages converter raises, one frozen object per cause. */
export const anthropicWarnings = Object.freeze({
  temperature: fixedWarning('temperature', 'dropped', rejectedWithThinking),
  topK: fixedWarning('topK', 'dropped', rejectedWithThinking),
  topP: fixedWarning(
    'topP',
    'dropped',
    'Anthropic accepts top_p from 0.95 only with extended thinking; not sent',
  ),
  seed: fixedWarning('seed', 'dropped', noEquivalent),
  presencePenalty: fixedWarning('presencePenalty', 'dropped', noEquivalent),
  frequencyPenalty: fixedWarning('frequencyPenalty', 'dropped', noEquivalent),
  toolChoice: Object.freeze({
    setting: 'toolChoice',
    type: 'changed',
    value: 'auto',
    message: 'Anthropic allows only automatic tool choice with extended thinking; sent as auto',
  } satisfies SettingWarning),
  jsonWithThinking: fixedWarning(
    'responseFormat',
    'unsupported',
    'with extended thinking the JSON tool cannot be forced; the model is asked to call it, which it may not',
  ),
  notStrict: fixedWarning(
    'responseFormat.strict',
    'unsupported',
    'the schema went through a tool whose input Anthropic does not constrain to it (native structured output was off, or cannot express the schema)',
  ),
});

/** The thinking budget lowered to fit `max_tokens`, or raised to Anthropic's minimum. */
export function budgetChangedWarning(sent: number): SettingWarning {
  return {
    setting: 'reasoning.budgetTokens',
    type: 'changed',
    value: sent,
    message: 'the thinking budget must be at least 1024 and below max_tokens; adjusted to fit',
  };
}
