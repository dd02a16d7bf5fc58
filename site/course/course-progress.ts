/**
 * The reader's progress through the course, kept in local storage: the lessons marked done, the
 * answer chosen to each predict question, and the lesson last opened (for "continue where you
 * left off"). Stored data is checked field by field and only what is valid is kept, so a corrupt,
 * old or hand-edited entry never breaks a page: at worst the course starts afresh. Pure functions
 * over a storage the caller passes, so they are tested without a browser.
 */

export const COURSE_STORAGE_KEY = 'streamlab:course';
const FORMAT = 1;
/** Bounds on what is read back: a course has tens of lessons and questions, not thousands. */
const MAX_LESSONS = 200;
const MAX_QUESTIONS = 50;
const MAX_ID = 200;
const MAX_CHOICE = 20;

export interface CourseProgress {
  /** Lesson ids (`lessons/05-crash-and-resume`) the reader marked done, in the order marked. */
  readonly done: readonly string[];
  /** Per lesson id, per question id, the index of the choice the reader committed to. */
  readonly answers: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The lesson the reader opened last, or null. */
  readonly last: string | null;
}

export const EMPTY_PROGRESS: CourseProgress = { done: [], answers: {}, last: null };

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;
const isChoice = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < MAX_CHOICE;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What of `value` is valid progress (the rest dropped); EMPTY_PROGRESS when nothing is. */
export function sanitizeProgress(value: unknown): CourseProgress {
  if (!isObject(value) || value['v'] !== FORMAT) return EMPTY_PROGRESS;
  const done = Array.isArray(value['done']) ? [...new Set((value['done'] as unknown[]).filter(isId))].slice(0, MAX_LESSONS) : [];
  const answers: Record<string, Record<string, number>> = {};
  if (isObject(value['answers'])) {
    for (const [lesson, byQuestion] of Object.entries(value['answers']).slice(0, MAX_LESSONS)) {
      if (!isId(lesson) || !isObject(byQuestion)) continue;
      const kept = Object.entries(byQuestion)
        .slice(0, MAX_QUESTIONS)
        .filter((entry): entry is [string, number] => isId(entry[0]) && isChoice(entry[1]));
      if (kept.length > 0) answers[lesson] = Object.fromEntries(kept);
    }
  }
  const last = isId(value['last']) ? value['last'] : null;
  return { done, answers, last };
}

/** The stored progress; never throws (no storage, storage refused, unreadable JSON: nothing saved). */
export function readCourseProgress(storage: Pick<Storage, 'getItem'> | null): CourseProgress {
  try {
    const text = storage?.getItem(COURSE_STORAGE_KEY);
    return text ? sanitizeProgress(JSON.parse(text)) : EMPTY_PROGRESS;
  } catch {
    return EMPTY_PROGRESS;
  }
}

/** Saves `progress`; false when the storage refused (full, private mode): the page goes on without. */
export function writeCourseProgress(storage: Pick<Storage, 'setItem'> | null, progress: CourseProgress): boolean {
  try {
    if (!storage) return false;
    storage.setItem(COURSE_STORAGE_KEY, JSON.stringify({ v: FORMAT, ...progress }));
    return true;
  } catch {
    return false;
  }
}

/** The progress with `lesson` marked done or not. */
export function withDone(progress: CourseProgress, lesson: string, done: boolean): CourseProgress {
  const others = progress.done.filter((id) => id !== lesson);
  return { ...progress, done: done ? [...others, lesson] : others };
}

/** The progress with the reader's answer to a question of a lesson. */
export function withAnswer(progress: CourseProgress, lesson: string, question: string, choice: number): CourseProgress {
  return { ...progress, answers: { ...progress.answers, [lesson]: { ...progress.answers[lesson], [question]: choice } } };
}

/** The progress with `lesson` as the one last opened. */
export function withVisit(progress: CourseProgress, lesson: string): CourseProgress {
  return progress.last === lesson ? progress : { ...progress, last: lesson };
}

export function isDone(progress: CourseProgress, lesson: string): boolean {
  return progress.done.includes(lesson);
}

/** How many questions of `lesson` the reader answered. */
export function answeredCount(progress: CourseProgress, lesson: string): number {
  return Object.keys(progress.answers[lesson] ?? {}).length;
}

/**
 * Where "continue" leads, given the course order: the lesson last opened while it is not done;
 * else the first lesson after it not done; else the first not done at all; null when the reader
 * has not started (nothing opened, nothing done) or has finished every lesson.
 */
export function continueLesson(progress: CourseProgress, course: readonly string[]): string | null {
  const notDone = (id: string) => !isDone(progress, id);
  const last = progress.last !== null ? course.indexOf(progress.last) : -1;
  if (last === -1 && progress.done.every((id) => !course.includes(id))) return null;
  if (last !== -1) {
    const fromLast = course.slice(last).find(notDone);
    if (fromLast !== undefined) return fromLast;
  }
  return course.find(notDone) ?? null;
}
