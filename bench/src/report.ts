/** Plain-text report output: headings, labelled figures and aligned tables. */


export function heading(title: string): void {
  console.log('');
  console.log(title);
  console.log('='.repeat(title.length));
}

export function subheading(title: string): void {
  console.log('');
  console.log(title);
  console.log('-'.repeat(title.length));
}

const LABEL_WIDTH = 44;

/** `label ........ value   (note)` */
export function figure(label: string, value: string, note?: string): void {
  const dots = label.length + 1 >= LABEL_WIDTH ? ' ' : ' ' + '.'.repeat(LABEL_WIDTH - label.length - 1) + ' ';
  console.log(`  ${label}${dots}${value}${note ? `   (${note})` : ''}`);
}

export function note(text: string): void {
  console.log(`  ${text}`);
}

/** A table with right-aligned columns (the first column left-aligned). */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(format(headers));
  console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(format(row));
}

/** "target: ... (met / NOT met)" for a figure compared with a target in the same run; informative only. */
export function target(met: boolean, description: string): string {
  return `target ${description}: ${met ? 'met' : 'NOT met'}`;
}
