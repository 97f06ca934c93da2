/** One bar of a panel: a median with an optional min–max whisker, or a second value drawn behind it. */
export interface BarRow {
  label: string;
  value: number;
  min?: number;
  max?: number;
  /** A larger companion value (say p99 behind p50), drawn lighter behind the bar. */
  behind?: number;
}

/** A titled horizontal bar chart. */
export interface Panel {
  title: string;
  /** Printed after each value. */
  unit: string;
  rows: BarRow[];
  /** Legend for `value` and `behind` when rows carry both. */
  legend?: { value: string; behind: string };
  /** Digits after the decimal point in value labels. */
  digits?: number;
}

const width = 760;
const labelWidth = 170;
const valueWidth = 150;
const barArea = width - labelWidth - valueWidth - 20;
const rowHeight = 22;
const titleHeight = 30;
const gap = 18;
const colors = { bar: '#2f6fb0', behind: '#a9c6e8', whisker: '#1b2a3a', text: '#1b2a3a', grid: '#e3e7ec' };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function format(value: number, digits: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function panelHeight(panel: Panel): number {
  return titleHeight + panel.rows.length * rowHeight + (panel.legend ? 16 : 0);
}

function drawPanel(panel: Panel, top: number): string {
  const digits = panel.digits ?? 0;
  const scaleMax = Math.max(
    1e-9,
    ...panel.rows.flatMap((row) => [row.value, row.max ?? 0, row.behind ?? 0].filter(Number.isFinite)),
  );
  const x = (value: number) => labelWidth + (Math.max(0, value) / scaleMax) * barArea;
  const parts = [
    `<text x="0" y="${top + 18}" font-size="14" font-weight="bold" fill="${colors.text}">${escapeXml(panel.title)}</text>`,
  ];
  panel.rows.forEach((row, index) => {
    const y = top + titleHeight + index * rowHeight;
    const middle = y + rowHeight / 2;
    parts.push(
      `<text x="${labelWidth - 8}" y="${middle + 4}" font-size="12" text-anchor="end" fill="${colors.text}">${escapeXml(row.label)}</text>`,
      `<line x1="${labelWidth}" y1="${y}" x2="${labelWidth}" y2="${y + rowHeight}" stroke="${colors.grid}"/>`,
    );
    if (row.behind !== undefined && Number.isFinite(row.behind)) {
      parts.push(
        `<rect x="${labelWidth}" y="${y + 3}" width="${x(row.behind) - labelWidth}" height="${rowHeight - 6}" fill="${colors.behind}"/>`,
      );
    }
    if (Number.isFinite(row.value)) {
      parts.push(
        `<rect x="${labelWidth}" y="${y + 5}" width="${x(row.value) - labelWidth}" height="${rowHeight - 10}" fill="${colors.bar}"/>`,
      );
    }
    if (
      row.min !== undefined &&
      row.max !== undefined &&
      Number.isFinite(row.min) &&
      Number.isFinite(row.max)
    ) {
      parts.push(
        `<line x1="${x(row.min)}" y1="${middle}" x2="${x(row.max)}" y2="${middle}" stroke="${colors.whisker}"/>`,
        `<line x1="${x(row.min)}" y1="${middle - 4}" x2="${x(row.min)}" y2="${middle + 4}" stroke="${colors.whisker}"/>`,
        `<line x1="${x(row.max)}" y1="${middle - 4}" x2="${x(row.max)}" y2="${middle + 4}" stroke="${colors.whisker}"/>`,
      );
    }
    const label =
      row.behind === undefined
        ? `${format(row.value, digits)} ${panel.unit}`
        : `${format(row.value, digits)} / ${format(row.behind, digits)} ${panel.unit}`;
    parts.push(
      `<text x="${width - valueWidth + 10}" y="${middle + 4}" font-size="12" fill="${colors.text}">${escapeXml(label)}</text>`,
    );
  });
  if (panel.legend) {
    const y = top + titleHeight + panel.rows.length * rowHeight + 12;
    parts.push(
      `<rect x="${labelWidth}" y="${y - 9}" width="10" height="10" fill="${colors.bar}"/>`,
      `<text x="${labelWidth + 14}" y="${y}" font-size="11" fill="${colors.text}">${escapeXml(panel.legend.value)}</text>`,
      `<rect x="${labelWidth + 120}" y="${y - 9}" width="10" height="10" fill="${colors.behind}"/>`,
      `<text x="${labelWidth + 134}" y="${y}" font-size="11" fill="${colors.text}">${escapeXml(panel.legend.behind)}</text>`,
    );
  }
  return parts.join('\n');
}

/**
 * Stacks the panels into one SVG document: plain shapes and text, readable in any browser and on
 * GitHub, no chart library.
 */
export function renderChart(options: { title: string; subtitle: string; panels: Panel[] }): string {
  let top = 52;
  const drawn: string[] = [];
  for (const panel of options.panels) {
    drawn.push(drawPanel(panel, top));
    top += panelHeight(panel) + gap;
  }
  const margin = 12;
  const outerWidth = width + 2 * margin;
  const outerHeight = top + margin;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${outerWidth}" height="${outerHeight}" viewBox="0 0 ${outerWidth} ${outerHeight}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<g transform="translate(${margin},${margin})">`,
    `<text x="0" y="20" font-size="17" font-weight="bold" fill="${colors.text}">${escapeXml(options.title)}</text>`,
    `<text x="0" y="38" font-size="11" fill="${colors.text}">${escapeXml(options.subtitle)}</text>`,
    ...drawn,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
