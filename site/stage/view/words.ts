/** Small English helpers for what the stage says in words (narration, notes under the drawing). */

/** `word` for one, `word` + s (or `many`) for any other count: `plural(2, 'record')` is 'records'. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}

/** The count and the noun: `counted(1, 'record')` is '1 record', `counted(3, 'record')` is '3 records'. */
export function counted(n: number, word: string, many?: string): string {
  return `${n} ${plural(n, word, many)}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
