/**
 * One cell of the playground: a bar (its number, its status, Run and the buttons that move or
 * delete it), a CodeMirror editor (editor/cell-editor.ts), and a terminal that shows what the
 * cell printed the last time it ran. It implements the stage's `StageCell`, so the stage renders
 * it from the store exactly as it renders a lesson's cell. Every text is set as text.
 */
import { showCellBar } from '../../stage/cells/cell-bar.ts';
import { cellSummary, stepView } from '../../stage/cells/cell-output.ts';
import type { StageCell } from '../../stage/cells/stage-cell.ts';
import { setUnavailable } from '../../stage/panels/buttons.ts';
import type { CellView } from '../../stage/store.ts';
import { createCellEditor, type CellEditor } from '../editor/cell-editor.ts';

/** What a cell asks of the page. */
export interface PlaygroundCellActions {
  run(cell: PlaygroundCell): void;
  edited(cell: PlaygroundCell, text: string): void;
  move(cell: PlaygroundCell, by: -1 | 1): void;
  remove(cell: PlaygroundCell): void;
}

function button(className: string, text: string, label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  if (label !== text) b.setAttribute('aria-label', label);
  return b;
}

function outputLine(text: string, className: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = className;
  // An empty line still needs its height.
  span.textContent = text === '' ? '\u200b' : text;
  return span;
}

export class PlaygroundCell implements StageCell {
  readonly element: HTMLElement;
  readonly hasTranscript = false;
  readonly #editor: CellEditor;
  readonly #label: HTMLElement;
  readonly #status: HTMLElement;
  readonly #run: HTMLButtonElement;
  readonly #up: HTMLButtonElement;
  readonly #down: HTMLButtonElement;
  readonly #delete: HTMLButtonElement;
  readonly #output: HTMLPreElement;
  readonly #note: HTMLElement;
  #index = 0;
  #shown: CellView | null = null;

  constructor(text: string, actions: PlaygroundCellActions) {
    const section = document.createElement('section');
    section.className = 'kafka-cell pg-cell not-content';
    this.element = section;
    const bar = document.createElement('div');
    bar.className = 'cell-bar';
    this.#label = document.createElement('h2');
    this.#label.className = 'cell-label';
    this.#status = document.createElement('span');
    this.#status.className = 'cell-status';
    this.#run = button('cell-run', 'Run', 'Run');
    this.#up = button('pg-cell-button', '↑', 'Move up');
    this.#down = button('pg-cell-button', '↓', 'Move down');
    this.#delete = button('pg-cell-button', '✕', 'Delete');
    const tools = document.createElement('span');
    tools.className = 'pg-cell-tools';
    tools.append(this.#up, this.#down, this.#delete);
    bar.append(this.#label, this.#status, this.#run, tools);
    const editorHost = document.createElement('div');
    editorHost.className = 'pg-editor';
    this.#output = document.createElement('pre');
    this.#output.className = 'cell-terminal pg-output';
    this.#output.tabIndex = 0;
    this.#output.hidden = true;
    this.#note = document.createElement('div');
    this.#note.className = 'cell-note';
    this.#note.hidden = true;
    section.append(bar, editorHost, this.#output, this.#note);
    this.#editor = createCellEditor(editorHost, {
      doc: text,
      label: 'Cell 1',
      onChange: (value) => actions.edited(this, value),
      onRun: () => actions.run(this),
    });
    this.#run.addEventListener('click', () => actions.run(this));
    this.#up.addEventListener('click', () => actions.move(this, -1));
    this.#down.addEventListener('click', () => actions.move(this, 1));
    this.#delete.addEventListener('click', () => actions.remove(this));
    this.#status.textContent = cellSummary('idle', null, false);
  }

  get index(): number {
    return this.#index;
  }

  get text(): string {
    return this.#editor.getText();
  }

  /** Numbers the cell (its place in the notebook) and names its controls after it. */
  place(index: number, count: number): void {
    this.#index = index;
    const name = `Cell ${index + 1}`;
    this.element.dataset['cell'] = String(index);
    this.element.setAttribute('aria-label', name);
    this.#label.textContent = name;
    this.#labelRun();
    this.#up.setAttribute('aria-label', `Move cell ${index + 1} up`);
    this.#down.setAttribute('aria-label', `Move cell ${index + 1} down`);
    this.#delete.setAttribute('aria-label', `Delete cell ${index + 1}`);
    this.#output.setAttribute('aria-label', `Output of cell ${index + 1}`);
    this.#editor.setLabel(`${name}: Kafka shell commands`);
    setUnavailable(this.#up, index === 0);
    setUnavailable(this.#down, index === count - 1);
  }

  focus(): void {
    this.#editor.focus();
  }

  /** Focuses one of the cell's own buttons (after a move, the reader's place follows the cell). */
  focusButton(which: 'up' | 'down' | 'run'): void {
    ({ up: this.#up, down: this.#down, run: this.#run })[which].focus();
  }

  setEnabled(enabled: boolean): void {
    setUnavailable(this.#run, !enabled);
  }

  setActive(active: boolean): void {
    this.element.toggleAttribute('data-active', active);
  }

  render(view: CellView): void {
    if (this.#shown === view) return;
    this.#shown = view;
    const { status, result } = view;
    showCellBar(this.element, this.#status, this.#run, view, false);
    this.#labelRun();
    if (!result || status === 'idle' || status === 'queued' || status === 'running') {
      this.#showOutput([]);
      this.#setNote(null);
      this.#editor.markError(null, null);
      return;
    }
    this.#showOutput(result.steps.flatMap((s) => stepView(s).lines.map((l) => outputLine(l.text, `line l-output${l.stream === 'stderr' ? ' stderr' : ''}`))));
    if (result.error !== null) {
      this.#editor.markError(result.errorLine, result.error);
      this.#setNote(
        result.steps.length === 0
          ? 'Nothing ran: this cell has an error (marked in the editor). It changed nothing in the world.'
          : 'A command failed, so the cell stopped there (as streamlab run stops a script); the commands before it ran.',
        result.error,
      );
    } else {
      this.#editor.markError(null, null);
      this.#setNote(status === 'cut' ? 'You acted at an earlier tick than this cell ran to: its output describes a future that was discarded.' : null);
    }
  }

  destroy(): void {
    this.#editor.destroy();
    this.element.remove();
  }

  /** "Run cell 2" or "Replay cell 2": the visible word first, as speech input users say it. */
  #labelRun(): void {
    this.#run.setAttribute('aria-label', `${this.#run.textContent ?? 'Run'} cell ${this.#index + 1}`);
  }

  #showOutput(lines: readonly HTMLSpanElement[]): void {
    this.#output.replaceChildren(...lines);
    this.#output.hidden = lines.length === 0;
  }

  #setNote(text: string | null, pre: string | null = null): void {
    if (text === null) {
      this.#note.hidden = true;
      this.#note.replaceChildren();
      return;
    }
    const p = document.createElement('p');
    p.textContent = text;
    const children: Node[] = [p];
    if (pre !== null) {
      const block = document.createElement('pre');
      block.textContent = pre;
      block.tabIndex = 0;
      children.push(block);
    }
    this.#note.dataset['kind'] = pre === null ? 'differs' : 'error';
    this.#note.replaceChildren(...children);
    this.#note.hidden = false;
  }
}
