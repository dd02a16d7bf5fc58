/**
 * One playground cell's editor: CodeMirror with the Kafka shell's highlighting, completion from
 * the engine, and the parser's errors underlined as the learner types.
 *
 * A deliberately small setup rather than `basicSetup` (about 16 KB gzipped less, per the site-stack
 * recipe): history, the standard
 * keys, line numbers and the active line are all a shell cell needs. Tab is left to the browser,
 * so the keyboard can always leave the editor (Tab, Shift-Tab; CodeMirror's Escape-then-Tab also
 * works); a cell is a few commands, not code to indent. Shift-Enter and Mod-Enter run the cell,
 * as in a notebook. The page imports editor.css, which holds the theme's colours.
 */
import { autocompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { lintKeymap } from '@codemirror/lint';
import { Annotation, Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { kafkaCompletionSource } from './completion.ts';
import { cellEditorTheme } from './editor-theme.ts';
import { kafkaShell } from './kafka-language.ts';
import { cellLinter, showRunError } from './lint.ts';

export interface CellEditorOptions {
  /** The cell's text to start with. */
  readonly doc: string;
  /** The editor's accessible name, e.g. "Cell 2". */
  readonly label: string;
  /** Called with the whole text after every edit the learner makes (not after `setText`). */
  onChange(text: string): void;
  /** Shift-Enter or Mod-Enter: the learner asks to run the cell. */
  onRun(): void;
}

export interface CellEditor {
  readonly view: EditorView;
  getText(): string;
  /** Replaces the text (undoable); `onChange` is not called, as the page made the change itself. */
  setText(text: string): void;
  focus(): void;
  /** Renames the editor for assistive technology (the cell moved). */
  setLabel(label: string): void;
  /** Marks the line a run reported an error at, or clears the mark (null). The next edit clears it too. */
  markError(line: number | null, message: string | null): void;
  destroy(): void;
}

/** Tells the change listener that a change came from `setText`, not from the learner. */
const fromPage = Annotation.define<boolean>();

/** The editor's accessible name: reconfigurable, as CodeMirror rewrites its attributes on every update. */
const labelAttribute = (text: string) => EditorView.contentAttributes.of({ 'aria-label': text });

export function createCellEditor(parent: HTMLElement, options: CellEditorOptions): CellEditor {
  const run = (): boolean => {
    options.onRun();
    return true;
  };
  const label = new Compartment();
  const state = EditorState.create({
    doc: options.doc,
    extensions: [
      // Above the default keymap, which binds Mod-Enter to "insert blank line".
      Prec.highest(
        keymap.of([
          { key: 'Shift-Enter', run, preventDefault: true },
          { key: 'Mod-Enter', run, preventDefault: true },
        ]),
      ),
      history(),
      keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
      lineNumbers(),
      highlightActiveLine(),
      highlightActiveLineGutter(),
      kafkaShell(),
      // Prefix matching only, as the engine matches: a fuzzy match would offer words the engine never would.
      autocompletion({ override: [kafkaCompletionSource], activateOnTyping: true, filterStrict: true, icons: false }),
      cellLinter(),
      EditorView.lineWrapping,
      label.of(labelAttribute(options.label)),
      EditorView.contentAttributes.of({
        // Commands, not prose: no spelling marks, and no phone keyboard capitalising `kafka-topics`.
        spellcheck: 'false',
        autocapitalize: 'off',
        autocorrect: 'off',
        translate: 'no',
      }),
      cellEditorTheme,
      EditorView.updateListener.of((update) => {
        if (update.transactions.some((tr) => tr.docChanged && tr.annotation(fromPage) !== true)) {
          options.onChange(update.state.doc.toString());
        }
      }),
    ],
  });
  const view = new EditorView({ state, parent });

  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(text: string): void {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: fromPage.of(true) });
    },
    focus: () => view.focus(),
    setLabel: (text) => view.dispatch({ effects: label.reconfigure(labelAttribute(text)) }),
    markError: (line, message) => showRunError(view, line, message),
    destroy: () => view.destroy(),
  };
}
