/**
 * What a shared link will run, shown before anything of it runs: its cells as plain text, its
 * stage actions as words, and what the link says about itself (its engine, its seed). The
 * notebook passed the schema already (share-link.ts); here it is only ever set as text.
 */
import { ENGINE_VERSION } from '../../../engine/version.ts';
import type { SharedNotebook } from '../notebook.ts';

/** Cells shown in full, at most; the rest are counted (the reader can still open them). */
const SHOWN_CELLS = 50;
/** Characters of one cell shown, at most. */
const SHOWN_CHARS = 4000;

export interface PreviewDom {
  readonly section: HTMLElement;
  readonly summary: HTMLElement;
  readonly cells: HTMLOListElement;
  readonly actionsTitle: HTMLElement;
  readonly actions: HTMLOListElement;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One operation of the log in words. */
export function describeOp(op: SharedNotebook['ops'][number]): string {
  if (op.op === 'cell') return `run cell ${op.cell + 1}`;
  if (op.op === 'act') return `at tick ${op.tick}: ${op.command}`;
  return op.untilQuiet ? `play up to ${plural(op.ticks, 'tick')} (until the world is quiet)` : `step ${plural(op.ticks, 'tick')}`;
}

export function showPreview(dom: PreviewDom, notebook: SharedNotebook, otherEngine: boolean): void {
  const about = [
    `${plural(notebook.cells.length, 'cell')}, seed ${notebook.seed}, ${plural(notebook.ops.length, 'step')} to replay`,
    notebook.tick === undefined ? '' : `, shown at tick ${notebook.tick}`,
    '.',
    otherEngine
      ? ` It was made by Streamlab's engine ${notebook.engine}; this page runs ${ENGINE_VERSION}, so its steps may not give the same world: opening it keeps the cells and leaves the steps out.`
      : '',
  ];
  dom.summary.textContent = about.join('');
  dom.cells.replaceChildren(
    ...notebook.cells.slice(0, SHOWN_CELLS).map((text, i) => {
      const li = document.createElement('li');
      const pre = document.createElement('pre');
      pre.className = 'pg-preview-code';
      pre.tabIndex = 0;
      pre.setAttribute('aria-label', `Cell ${i + 1}`);
      pre.textContent = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}\n… (${text.length - SHOWN_CHARS} more characters)` : text || '(empty)';
      li.append(pre);
      return li;
    }),
  );
  if (notebook.cells.length > SHOWN_CELLS) {
    const li = document.createElement('li');
    li.textContent = `… and ${plural(notebook.cells.length - SHOWN_CELLS, 'more cell')}`;
    dom.cells.append(li);
  }
  const acts = otherEngine ? [] : notebook.ops.filter((op) => op.op !== 'cell');
  dom.actionsTitle.hidden = acts.length === 0;
  dom.actions.replaceChildren(
    ...acts.slice(0, SHOWN_CELLS).map((op) => {
      const li = document.createElement('li');
      li.textContent = describeOp(op);
      return li;
    }),
  );
  dom.section.hidden = false;
}
