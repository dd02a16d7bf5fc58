/** Plain-text tables for the bench report: left-aligned labels, right-aligned figures. */

export interface Row {
  readonly label: string;
  readonly value: string;
  readonly aim?: string;
  readonly note?: string;
}

/** Renders `rows` under `title` as aligned columns: figure, value, aim, note. */
export function renderTable(title: string, rows: readonly Row[]): string {
  const head: Row = { label: 'figure', value: 'value', aim: 'aim', note: 'note' };
  const all = [head, ...rows];
  const w = (f: (r: Row) => string) => Math.max(...all.map((r) => f(r).length));
  const wl = w((r) => r.label);
  const wv = w((r) => r.value);
  const wa = w((r) => r.aim ?? '');
  const line = (r: Row) => `${r.label.padEnd(wl)}  ${r.value.padStart(wv)}  ${(r.aim ?? '').padEnd(wa)}  ${r.note ?? ''}`.trimEnd();
  const rule = '-'.repeat(Math.max(title.length, line(head).length));
  return [title, rule, line(head), rule, ...rows.map(line), rule].join('\n');
}

/** `1234567.8` → `1,234,568`. */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Milliseconds with two decimals. */
export function formatMs(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}
