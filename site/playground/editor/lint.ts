/**
 * The cell editor's error marks: the parser's diagnostics (diagnostics.ts) while the learner
 * types, and the line a run reported an error at, which the page hands over after a run.
 *
 * Both live in one lint source. CodeMirror's linter replaces every diagnostic each time it runs,
 * so a run's mark pushed on its own would vanish at the next lint pass (the first one is still
 * pending just after the editor opens). The run's error is kept in a state field instead, and
 * the source adds it to the parser's. It is dropped at the next edit: the text it described has
 * changed, and the parser's live marks take over until the page runs the cell again.
 */
import { linter, setDiagnostics } from '@codemirror/lint';
import { StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { cellDiagnostics, errorLineDiagnostic, type CellDiagnostic } from './diagnostics.ts';

/** Where a run reported an error: a 1-based line of the cell, and what to say there. */
interface RunError {
  readonly line: number;
  readonly message: string;
}

const setRunError = StateEffect.define<RunError | null>();

const runErrorField = StateField.define<RunError | null>({
  create: () => null,
  update(value, tr) {
    let next = tr.docChanged ? null : value;
    for (const effect of tr.effects) if (effect.is(setRunError)) next = effect.value;
    return next;
  },
});

/** Pause in typing before the parser looks again: short enough to feel live, long enough not to flash marks mid-word. */
const LINT_DELAY_MS = 300;

/** The parser's diagnostics, plus the run's error unless the parser already marks that line (a run reports parse errors too). */
function diagnosticsFor(text: string, runError: RunError | null): CellDiagnostic[] {
  const parsed = cellDiagnostics(text);
  if (runError === null) return parsed;
  const mark = errorLineDiagnostic(text, runError.line, runError.message);
  const sameLine = parsed.some((d) => d.from >= mark.from && d.from <= mark.to);
  return sameLine ? parsed : [...parsed, mark];
}

function stateDiagnostics(state: EditorState): CellDiagnostic[] {
  return diagnosticsFor(state.doc.toString(), state.field(runErrorField));
}

/** The editor extension: live parse errors, and room for a run's error. */
export function cellLinter(): Extension {
  return [runErrorField, linter((view) => stateDiagnostics(view.state), { delay: LINT_DELAY_MS })];
}

/** Marks the line a run reported an error at, or clears that mark (null); shown at once, not after the lint delay. */
export function showRunError(view: EditorView, line: number | null, message: string | null): void {
  const runError = line === null || message === null ? null : { line, message };
  const diagnostics = diagnosticsFor(view.state.doc.toString(), runError);
  view.dispatch({ effects: setRunError.of(runError) }, setDiagnostics(view.state, diagnostics));
}
