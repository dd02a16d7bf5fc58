/**
 * What a cell shows after it ran: each step's printed lines (stdout and stderr told apart), each
 * line that differs from the transcript marked, and one sentence that sums the run up.
 */
import type { CellRunResult, CellStepResult, PrintedLine } from '../protocol.ts';
import type { CellStatus } from '../store.ts';
import { trimTrailingBlank } from '../../../engine/shell/blank-lines.ts';

export interface OutputLineView {
  readonly text: string;
  readonly stream: PrintedLine['stream'];
  /** The transcript expects something else on this line. */
  readonly differs: boolean;
}

export interface StepView {
  readonly step: number;
  readonly lines: readonly OutputLineView[];
  /** The transcript's lines, shown beside the real output when they differ. */
  readonly expected: readonly string[] | null;
  readonly differs: boolean;
}

/** One step's lines, each compared with the transcript line at the same place. */
export function stepView(step: CellStepResult): StepView {
  const printed = step.output;
  if (step.expected === null) {
    return { step: step.step, lines: printed.map((l) => ({ text: l.text, stream: l.stream, differs: false })), expected: null, differs: false };
  }
  const expected = trimTrailingBlank(step.expected);
  const kept = printed.slice(0, trimTrailingBlank(printed.map((l) => l.text)).length);
  // Differences are judged as the checker judges them (trailing blanks ignored), line by line.
  const lines = kept.map((l, i) => ({ text: l.text, stream: l.stream, differs: step.matches === false && expected[i] !== l.text }));
  // Expected lines that never printed leave a marked empty line, so the gap is visible.
  const missing = Math.max(0, expected.length - kept.length);
  const padded =
    step.matches === false ? [...lines, ...Array.from({ length: missing }, () => ({ text: '', stream: 'stdout' as const, differs: true }))] : lines;
  return { step: step.step, lines: padded, expected, differs: step.matches === false };
}

/** The sentence in a cell's bar for its status and last run. */
export function cellSummary(status: CellStatus, result: CellRunResult | null, hasTranscript: boolean): string {
  switch (status) {
    case 'idle':
      return hasTranscript ? 'Expected output shown · not run yet' : 'Not run yet';
    case 'queued':
      return 'Waiting for the cells before it';
    case 'running':
      return 'Running…';
    case 'error':
      if (result && result.steps.length === 0) return 'Not run: the cell has an error (nothing changed)';
      return 'A command failed: the cell stopped there';
    case 'cut':
      return 'Ran, but you acted at an earlier tick: this output describes a future you discarded';
    case 'ran': {
      if (!result) return 'Ran';
      const ticks = result.toTick > result.fromTick ? `ticks ${result.fromTick}–${result.toTick}` : `tick ${result.toTick}`;
      const differing = result.steps.filter((s) => s.matches === false).length;
      if (!hasTranscript) return `Ran at ${ticks}`;
      if (differing === 0) return `Ran at ${ticks} · output as the lesson shows`;
      return `Ran at ${ticks} · ${differing} command${differing === 1 ? '' : 's'} printed something else than the lesson (marked ≠)`;
    }
  }
}
