import { type Summary, summarize } from '../lib/stats.js';

/** A number with thousands separators and fixed decimals; `n/a` when not finite. */
export function number(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median (min–max)`, or the median alone when there was one round. */
export function spread(values: readonly number[] | Summary, digits = 0): string {
  const summary = Array.isArray(values) ? summarize(values) : (values as Summary);
  if (summary.count === 0) return 'n/a';
  if (summary.count === 1) return number(summary.median, digits);
  return `${number(summary.median, digits)} (${number(summary.min, digits)}–${number(summary.max, digits)})`;
}

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** ✅ met, ❌ missed, ➖ not measured. */
export function verdictMark(met: boolean | undefined): string {
  if (met === undefined) return '➖ not measured';
  return met ? '✅ met' : '❌ **missed**';
}
