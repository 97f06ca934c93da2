import type { StreamPart } from '../../types/stream-part.js';
import type { SettingWarning, SettingWarningType } from '../../types/warning.js';

/**
 * A warning whose every field is fixed, built once at module load: reporting it allocates nothing.
 * Converters keep one per cause, so the common request with no warnings costs nothing at all.
 */
export function fixedWarning(setting: string, type: SettingWarningType, message: string): SettingWarning {
  return Object.freeze({ setting, type, message });
}

/**
 * Appends a warning to a converter's list, creating the list on the first one: a request without
 * warnings never gets an array.
 */
export function addWarning(
  warnings: SettingWarning[] | undefined,
  warning: SettingWarning,
): SettingWarning[] {
  if (warnings === undefined) return [warning];
  warnings.push(warning);
  return warnings;
}

/**
 * A number above 1 in a pass-through field that asks for several candidates (`n`, `candidateCount`):
 * a response has one choice, so the others would be paid for and discarded.
 */
export function asksForSeveralCandidates(value: unknown): boolean {
  return typeof value === 'number' && value > 1;
}

/**
 * Puts a request's warnings on the `finish` part among `parts`, where the router's stream response and
 * trail read them. The skeleton calls it only for a request that has warnings.
 */
export function stampWarnings(parts: StreamPart[], warnings: readonly SettingWarning[]): void {
  for (const part of parts) if (part.type === 'finish') part.warnings = warnings;
}
