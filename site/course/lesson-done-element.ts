/**
 * `<lesson-done>` at the end of a lesson: the reader marks the lesson done (or not), and sees how
 * many of its questions they answered. Opening a lesson makes it the one "continue" leads back to.
 */
import { localStore } from './browser-storage.ts';
import { answeredCount, isDone, readCourseProgress, withDone, withVisit, writeCourseProgress } from './course-progress.ts';

class LessonDoneElement extends HTMLElement {
  #wired = false;

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    const lesson = this.dataset['lesson'];
    const button = this.querySelector<HTMLButtonElement>('button');
    if (!lesson || !button) return;
    writeCourseProgress(localStore(), withVisit(readCourseProgress(localStore()), lesson));
    button.hidden = false;
    button.addEventListener('click', () => {
      const progress = readCourseProgress(localStore());
      const saved = writeCourseProgress(localStore(), withDone(progress, lesson, !isDone(progress, lesson)));
      this.#render(lesson, button, saved ? null : 'Your browser did not let the page save this (storage is off or full).');
    });
    // Answers given on this page change the count.
    this.ownerDocument.addEventListener('submit', () => queueMicrotask(() => this.#render(lesson, button)), true);
    this.#render(lesson, button);
  }

  #render(lesson: string, button: HTMLButtonElement, problem: string | null = null): void {
    const progress = readCourseProgress(localStore());
    const done = isDone(progress, lesson);
    button.setAttribute('aria-pressed', String(done));
    button.textContent = done ? 'Lesson done ✓' : 'Mark this lesson done';
    const questions = document.querySelectorAll('predict-question').length;
    const answered = Math.min(answeredCount(progress, lesson), questions);
    const status = this.querySelector<HTMLElement>('.lesson-done-status');
    if (status)
      status.textContent = problem ?? (questions > 0 ? `You answered ${answered} of this lesson’s ${questions} question${questions === 1 ? '' : 's'}.` : '');
  }
}

if (!customElements.get('lesson-done')) customElements.define('lesson-done', LessonDoneElement);
