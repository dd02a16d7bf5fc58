/**
 * What argparse4j 0.7.0 (the parser kafka-transactions.sh is built on) prints for a usage error:
 * the usage of the parser that failed, then `PROG: error: MESSAGE` wrapped and justified to 75
 * columns (the width without a terminal), then perhaps `Did you mean:` candidates.
 * Read from argparse4j's ArgumentParserImpl (printUsage, handleError, printCandidates,
 * levenshtein) and TextHelper (wrap, adjustSpace); reference kafka-4-transactions.md §1.3.
 */

/** ArgumentParsers.getFormatWidth without a terminal: 80 − 5. */
export const WIDTH = 75;

/**
 * Line-break opportunities as java.text.BreakIterator.getLineInstance() finds them in these
 * messages: after a run of spaces, and after a hyphen between letters (`describe-producers`).
 */
function pieces(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    const breakAfterSpaces = c === ' ' && next !== ' ';
    const breakAfterHyphen = c === '-' && i > 0 && /[A-Za-z]/.test(text[i - 1] as string) && next !== undefined && /[A-Za-z]/.test(next);
    if (breakAfterSpaces || breakAfterHyphen) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** TextHelper.adjustSpace: trims the line, then spreads the missing spaces over its runs of spaces, the odd ones in the middle runs. */
function justify(line: string, width: number): string {
  const trimmed = line.replace(/^ +| +$/g, '');
  const runs = trimmed.split(/( +)/);
  const blocks = (runs.length - 1) / 2;
  if (blocks === 0) return trimmed;
  const need = width - trimmed.length;
  const each = Math.floor(need / blocks);
  const rem = need % blocks;
  const remStart = Math.floor((blocks - rem + 1) / 2);
  let b = 0;
  return runs
    .map((part, i) => {
      if (i % 2 === 0) return part;
      const extra = each + (remStart <= b && b < remStart + rem ? 1 : 0);
      b++;
      return part + ' '.repeat(extra);
    })
    .join('');
}

/** TextHelper.wrap(text, width, 0, "", ""): every full line justified, the last left as it is. */
export function wrap(text: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces(text)) {
    if (line.length + piece.length > width) {
      lines.push(justify(line, width));
      line = '';
    }
    line += piece;
  }
  lines.push(line);
  return lines;
}

/**
 * printUsage: `usage: PROG` then each token after a space, a line broken before a token that
 * would pass the width; continuation lines are indented by the length of `usage: PROG`.
 */
export function usage(prog: string, tokens: readonly string[], width = WIDTH): string[] {
  const head = `usage: ${prog}`;
  const indent = ' '.repeat(head.length);
  const lines: string[] = [];
  let line = head;
  let first = true;
  for (const token of tokens) {
    if (!first && line.length + token.length + 1 > width) {
      lines.push(line);
      line = indent;
    }
    line += ` ${token}`;
    first = false;
  }
  lines.push(line);
  return lines;
}

/** argparse4j's Damerau–Levenshtein distance (costs borrowed from git's help.c: swap 0, substitute 2, add 1, delete 4). */
function levenshtein(a: string, b: string): number {
  const [swap, sub, add, del] = [0, 2, 1, 4];
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      let d = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : sub);
      if (i >= 2 && j >= 2 && a[i - 1] !== b[j - 1] && a[i - 2] === b[j - 1] && a[i - 1] === b[j - 2]) d = Math.min(d, (prev2[j - 2] as number) + swap);
      cur[j] = Math.min(d, (prev[j] as number) + del, (cur[j - 1] as number) + add);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] as number;
}

/** printCandidates: the closest of `subjects` to `typed` (a prefix scores 0), unless even the closest scores 7 or more. */
export function didYouMean(typed: string, subjects: readonly string[]): string[] {
  const scored = subjects.map((s) => ({ s, score: s.startsWith(typed) ? 0 : levenshtein(typed, s) })).sort((x, y) => x.score - y.score || (x.s < y.s ? -1 : 1));
  const best = scored[0]?.score ?? 7;
  if (best >= 7) return [];
  return ['', 'Did you mean:', ...scored.filter((c) => c.score <= best).map((c) => `\t${c.s}`)];
}
