import type { SettingWarning } from '../../types/warning.js';
import { fixedWarning } from '../shared/setting-warnings.js';

const reasoningModelRejects = 'OpenAI reasoning models reject sampling parameters; not sent';

/** Every warning the Chat Completions converter raises, one frozen object per cause. */
export const openAIWarnings = Object.freeze({
  temperature: fixedWarning('temperature', 'dropped', reasoningModelRejects),
  topP: fixedWarning('topP', 'dropped', reasoningModelRejects),
  presencePenalty: fixedWarning('presencePenalty', 'dropped', reasoningModelRejects),
  frequencyPenalty: fixedWarning('frequencyPenalty', 'dropped', reasoningModelRejects),
  topK: fixedWarning('topK', 'dropped', 'Chat Completions has no top_k; not sent'),
  effort: fixedWarning(
    'reasoning.effort',
    'dropped',
    'reasoning_effort is sent to OpenAI reasoning models only; this model is not one',
  ),
  budgetTokens: fixedWarning(
    'reasoning.budgetTokens',
    'dropped',
    'Chat Completions takes no thinking budget, only reasoning.effort; not sent',
  ),
  jsonMode: Object.freeze({
    setting: 'responseFormat',
    type: 'changed',
    value: { type: 'json' },
    message: 'this service has no json_schema response format; sent as JSON mode, the schema is not enforced',
  } satisfies SettingWarning),
  notStrict: Object.freeze({
    setting: 'responseFormat.strict',
    type: 'changed',
    value: false,
    message:
      'OpenAI strict mode cannot express this schema (a record, allOf, not, if/then or a non-object root); sent non-strict',
  } satisfies SettingWarning),
  n: fixedWarning(
    'providerOptions.n',
    'unsupported',
    'a response carries one choice; the service generates (and bills) the others, which are discarded',
  ),
});

/** Body field -> the request setting it comes from, for the fields a service may reject. */
const settingOfField: ReadonlyMap<string, string> = new Map([
  ['temperature', 'temperature'],
  ['top_p', 'topP'],
  ['presence_penalty', 'presencePenalty'],
  ['frequency_penalty', 'frequencyPenalty'],
  ['stop', 'stop'],
  ['seed', 'seed'],
  ['user', 'user'],
  ['reasoning_effort', 'reasoning.effort'],
  ['tools', 'tools'],
  ['tool_choice', 'toolChoice'],
  ['parallel_tool_calls', 'parallelToolCalls'],
  ['response_format', 'responseFormat'],
  ['max_tokens', 'maxTokens'],
  ['max_completion_tokens', 'maxTokens'],
]);

// Built on first use, one per field: a preset's dropped fields are few and fixed.
const droppedFieldWarnings = new Map<string, SettingWarning>();

/**
 * The warning for a body field a service rejects and the converter removed; `undefined` for a field the
 * caller did not set (the usage request of a stream, for one).
 */
export function warningForDroppedField(field: string): SettingWarning | undefined {
  const setting = settingOfField.get(field);
  if (setting === undefined) return undefined;
  let warning = droppedFieldWarnings.get(field);
  if (warning === undefined) {
    warning = fixedWarning(setting, 'dropped', `this service rejects ${field}; not sent`);
    droppedFieldWarnings.set(field, warning);
  }
  return warning;
}
