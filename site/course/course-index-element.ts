/**
 * `<course-progress>` on the course index: how far the reader got, a "continue where you left
 * off" link, and on each lesson whether it is done and how many of its questions were answered.
 */
import { localStore } from './browser-storage.ts';
import { answeredCount, continueLesson, isDone, readCourseProgress } from './course-progress.ts';

class CourseProgressElement extends HTMLElement {
  connectedCallback(): void {
    const progress = readCourseProgress(localStore());
    const items = [...document.querySelectorAll<HTMLElement>('[data-lesson-item]')];
    const course = items.map((li) => li.dataset['lessonItem'] ?? '');
    const doneCount = course.filter((id) => isDone(progress, id)).length;
    for (const li of items) {
      const id = li.dataset['lessonItem'] ?? '';
      const badge = li.querySelector<HTMLElement>('.course-lesson-progress');
      if (!badge) continue;
      const answered = answeredCount(progress, id);
      const parts = [isDone(progress, id) ? 'Done' : null, answered > 0 ? `${answered} question${answered === 1 ? '' : 's'} answered` : null].filter(
        (p) => p !== null,
      );
      badge.textContent = parts.join(' · ');
      badge.hidden = parts.length === 0;
      li.toggleAttribute('data-done', isDone(progress, id));
    }
    const summary = this.querySelector<HTMLElement>('.course-progress-summary');
    const link = this.querySelector<HTMLAnchorElement>('.course-progress-continue');
    const next = continueLesson(progress, course);
    if (summary) summary.textContent = doneCount === 0 ? '' : `You have finished ${doneCount} of ${course.length} lessons.`;
    if (link) {
      const target = items.find((li) => li.dataset['lessonItem'] === next)?.querySelector<HTMLAnchorElement>('.course-lesson-title a');
      link.hidden = !target;
      if (target) {
        link.href = target.href;
        link.textContent = `Continue where you left off: ${target.textContent?.replace(/\s+/g, ' ').trim() ?? ''}`;
      }
    }
    this.hidden = doneCount === 0 && !next;
  }
}

if (!customElements.get('course-progress')) customElements.define('course-progress', CourseProgressElement);
