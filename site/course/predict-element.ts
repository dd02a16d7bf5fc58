/**
 * `<predict-question>`: the reader commits to an answer before the stage shows what happens. The
 * next `<kafka-cell>` in the page is the reveal: its expected output stays hidden until the reader
 * answers, and answering runs it. Every choice has feedback, shown once the answer is locked in;
 * the answer is kept in the course progress, so a reload shows it answered (and does not re-run).
 */
import { localStore } from './browser-storage.ts';
import { readCourseProgress, withAnswer, writeCourseProgress } from './course-progress.ts';

/** The first `<kafka-cell>` after `element` in document order, or null. */
function nextCell(element: Element): HTMLElement | null {
  for (const cell of document.querySelectorAll<HTMLElement>('kafka-cell')) {
    if (element.compareDocumentPosition(cell) & Node.DOCUMENT_POSITION_FOLLOWING) return cell;
  }
  return null;
}

class PredictQuestionElement extends HTMLElement {
  #wired = false;

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    const form = this.querySelector('form');
    const radios = [...this.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    if (!form || radios.length === 0) return;
    radios.forEach((radio, i) => (radio.value = String(i)));
    const lesson = this.dataset['lesson'] ?? location.pathname;
    const question = this.dataset['question'] ?? '';
    const cell = nextCell(this);
    const saved = readCourseProgress(localStore()).answers[lesson]?.[question];
    if (saved !== undefined && saved < radios.length) {
      this.#lock(radios, saved, cell, false);
      return;
    }
    cell?.setAttribute('data-concealed', '');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = radios.findIndex((r) => r.checked);
      if (chosen === -1) {
        this.#say('Choose an answer first: the stage shows what happens once you have committed to one.');
        radios[0]?.focus();
        return;
      }
      writeCourseProgress(localStore(), withAnswer(readCourseProgress(localStore()), lesson, question, chosen));
      this.#lock(radios, chosen, cell, true);
    });
  }

  /** Shows the answer `chosen` locked in, every choice's feedback, and uncovers (and runs) the reveal cell. */
  #lock(radios: HTMLInputElement[], chosen: number, cell: HTMLElement | null, run: boolean): void {
    const choices = [...this.querySelectorAll<HTMLElement>('.predict-choice')];
    radios.forEach((radio, i) => {
      radio.checked = i === chosen;
      radio.disabled = true;
    });
    choices.forEach((choice, i) => {
      const correct = choice.dataset['correct'] === 'true';
      choice.dataset['verdict'] = correct ? 'correct' : i === chosen ? 'wrong' : 'other';
      const tag = choice.querySelector<HTMLElement>('.predict-tag');
      if (tag) tag.textContent = correct ? (i === chosen ? 'Your answer, correct' : 'Correct answer') : i === chosen ? 'Your answer' : '';
      const feedback = choice.querySelector<HTMLElement>('.predict-feedback');
      if (feedback) feedback.hidden = false;
    });
    this.querySelector<HTMLElement>('.predict-commit')?.setAttribute('hidden', '');
    this.dataset['answered'] = choices[chosen]?.dataset['correct'] === 'true' ? 'correct' : 'wrong';
    const right = this.dataset['answered'] === 'correct';
    cell?.removeAttribute('data-concealed');
    const runButton = cell?.querySelector<HTMLButtonElement>('.cell-run');
    const willRun = run && cell !== null && runButton !== null && runButton !== undefined && cell.dataset['status'] !== 'ran';
    const verdict = right ? 'Right.' : 'Not quite: the feedback under each choice says why.';
    this.#say(willRun ? `${verdict} The next cell runs now and shows what happens.` : `${verdict} The next cell shows what happens.`);
    // The button the reader pressed is gone: keep the keyboard where the verdict is.
    if (run) this.querySelector<HTMLElement>('.predict-result')?.focus();
    if (willRun) runButton.click();
  }

  #say(text: string): void {
    const result = this.querySelector<HTMLElement>('.predict-result');
    if (result) result.textContent = text;
  }
}

if (!customElements.get('predict-question')) customElements.define('predict-question', PredictQuestionElement);
