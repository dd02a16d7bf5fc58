/**
 * One `<kafka-cell>` on the page (markup from site/markdown/cell-markup.ts): its Run button, and
 * its terminal's output slots, which show the transcript's expected lines until the cell runs and
 * what really printed afterwards. Every text is set as text, never parsed as HTML.
 */
import type { CellView } from '../store.ts';
import type { StageCell } from './stage-cell.ts';
import { setUnavailable } from '../panels/buttons.ts';
import { showCellBar } from './cell-bar.ts';
import { stepView, type StepView } from './cell-output.ts';

function line(className: string, text: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = className;
  // An empty line still needs its height.
  span.textContent = text === '' ? '\u200b' : text;
  return span;
}

export class CellElement implements StageCell {
  readonly element: HTMLElement;
  readonly index: number;
  readonly code: string;
  readonly #button: HTMLButtonElement;
  readonly #status: HTMLElement;
  readonly #note: HTMLElement;
  readonly #slots: HTMLElement[];
  /** Each slot's original children: the transcript's expected output. */
  readonly #expected: Node[][];
  readonly #transcript: boolean;
  #shown: CellView | null = null;

  constructor(element: HTMLElement, onRun: (index: number) => void) {
    this.element = element;
    this.index = Number(element.dataset['cell']);
    this.code = element.dataset['code'] ?? '';
    this.#button = element.querySelector<HTMLButtonElement>('.cell-run') as HTMLButtonElement;
    this.#status = element.querySelector<HTMLElement>('.cell-status') as HTMLElement;
    this.#note = element.querySelector<HTMLElement>('.cell-note') as HTMLElement;
    this.#slots = [...element.querySelectorAll<HTMLElement>('.step-out')];
    this.#expected = this.#slots.map((slot) => [...slot.childNodes].map((n) => n.cloneNode(true)));
    this.#transcript = this.#slots.some((slot) => slot.dataset['expected'] !== undefined);
    this.#button.addEventListener('click', () => onRun(this.index));
  }

  /** Whether the cell is a transcript (its expected output shows until it runs). */
  get hasTranscript(): boolean {
    return this.#transcript;
  }

  /** Marks the Run button unavailable while the engine loads or is busy (it keeps the focus). */
  setEnabled(enabled: boolean): void {
    setUnavailable(this.#button, !enabled);
  }

  setActive(active: boolean): void {
    this.element.toggleAttribute('data-active', active);
  }

  render(view: CellView): void {
    if (this.#shown === view) return;
    this.#shown = view;
    const { status, result } = view;
    showCellBar(this.element, this.#status, this.#button, view, this.#transcript);
    this.#clearErrorMark();
    if (!result || status === 'idle' || status === 'queued' || status === 'running') {
      this.#restoreExpected();
      this.#setNote(null);
      return;
    }
    if (result.error !== null && result.steps.length === 0) {
      this.#restoreExpected();
      this.#markErrorLine(result.errorLine);
      this.#setNote('error', 'Nothing ran: this cell has an error. It changed nothing in the world.', result.error);
      return;
    }
    const views = result.steps.map(stepView);
    views.forEach((v) => this.#fillSlot(v));
    const differing = views.filter((v) => v.differs);
    if (result.error !== null)
      this.#setNote('error', 'A command failed, so the cell stopped there (as streamlab run stops a script); the commands before it ran.', result.error);
    else if (status === 'cut')
      this.#setNote('differs', 'You acted at an earlier tick than this cell ran to: its output above describes a future that was discarded.');
    else if (differing.length > 0)
      this.#setNote('differs', 'This world printed something else than the lesson shows: the differing lines are marked ≠.', null, differing);
    else this.#setNote(null);
  }

  #fillSlot(view: StepView): void {
    const slot = this.#slots[view.step];
    if (!slot) return;
    slot.removeAttribute('data-expected');
    slot.replaceChildren(
      ...view.lines.map((l) => {
        const span = line(`line l-output${l.stream === 'stderr' ? ' stderr' : ''}${l.differs ? ' differs' : ''}`, l.text);
        if (l.stream === 'stderr') span.title = 'printed on stderr';
        if (l.differs) {
          const said = document.createElement('span');
          said.className = 'sr-only';
          said.textContent = l.text === '' ? '(a line the lesson expects is missing)' : ' (differs from the lesson)';
          span.append(said);
        }
        return span;
      }),
    );
  }

  #restoreExpected(): void {
    this.#slots.forEach((slot, i) => {
      if (this.#transcript && slot.dataset['expected'] === undefined && this.#expected[i]?.length) slot.setAttribute('data-expected', 'true');
      slot.replaceChildren(...(this.#expected[i] ?? []).map((n) => n.cloneNode(true)));
    });
  }

  #markErrorLine(lineNumber: number | null): void {
    if (lineNumber === null) return;
    this.element.querySelector(`.line[data-line="${lineNumber}"]`)?.setAttribute('data-error-line', '');
  }

  #clearErrorMark(): void {
    for (const el of this.element.querySelectorAll('[data-error-line]')) el.removeAttribute('data-error-line');
  }

  /** The note under the terminal: an error with its message, or what differs from the transcript. */
  #setNote(kind: 'error' | 'differs' | null, text: string | null = null, pre: string | null = null, differing: readonly StepView[] = []): void {
    if (kind === null) {
      this.#note.hidden = true;
      this.#note.replaceChildren();
      delete this.#note.dataset['kind'];
      return;
    }
    const children: Node[] = [];
    if (text) {
      const p = document.createElement('p');
      p.textContent = text;
      children.push(p);
    }
    if (pre) {
      const block = document.createElement('pre');
      block.textContent = pre;
      block.tabIndex = 0;
      children.push(block);
    }
    for (const step of differing) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = `Command ${step.step + 1}: what the lesson expected (lines marked ≠ above differ)`;
      const block = document.createElement('pre');
      block.textContent = (step.expected ?? []).join('\n');
      block.tabIndex = 0;
      details.append(summary, block);
      children.push(details);
    }
    this.#note.dataset['kind'] = kind;
    this.#note.replaceChildren(...children);
    this.#note.hidden = false;
  }
}
