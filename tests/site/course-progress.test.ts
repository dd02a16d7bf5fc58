/**
 * The course progress in local storage: what is kept, what a corrupt entry becomes (never an
 * exception), and where "continue where you left off" leads, worked by hand on a five-lesson course.
 */
import { describe, expect, it } from 'vitest';
import {
  answeredCount,
  continueLesson,
  COURSE_STORAGE_KEY,
  EMPTY_PROGRESS,
  readCourseProgress,
  sanitizeProgress,
  withAnswer,
  withDone,
  withVisit,
  writeCourseProgress,
  type CourseProgress,
} from '../../site/course/course-progress.ts';

function memoryStorage(initial: string | null = null) {
  const data = new Map<string, string>();
  if (initial !== null) data.set(COURSE_STORAGE_KEY, initial);
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('reading stored progress', () => {
  it('round-trips what was written', () => {
    const storage = memoryStorage();
    let p = withVisit(EMPTY_PROGRESS, 'lessons/02-topics');
    p = withAnswer(p, 'lessons/02-topics', 'find-100', 2);
    p = withDone(p, 'lessons/01-what-is-kafka', true);
    expect(writeCourseProgress(storage, p)).toBe(true);
    expect(readCourseProgress(storage)).toEqual({
      done: ['lessons/01-what-is-kafka'],
      answers: { 'lessons/02-topics': { 'find-100': 2 } },
      last: 'lessons/02-topics',
    });
  });

  it.each([
    { what: 'nothing stored', text: null },
    { what: 'not JSON', text: '{"v":1,' },
    { what: 'JSON null', text: 'null' },
    { what: 'an array', text: '[1,2]' },
    { what: 'another format', text: '{"v":2,"done":["a"]}' },
    { what: 'a number', text: '42' },
  ])('$what: a fresh start, no exception', ({ text }) => {
    expect(readCourseProgress(memoryStorage(text))).toEqual(EMPTY_PROGRESS);
  });

  it('keeps the valid parts of a damaged entry and drops the rest', () => {
    const damaged = JSON.stringify({
      v: 1,
      done: ['lessons/01-a', 7, '', 'lessons/01-a', 'x'.repeat(500)],
      answers: { 'lessons/02-b': { q1: 1, q2: -1, q3: 1.5, q4: '2', q5: 99 }, 'lessons/03-c': 'nope', 'lessons/04-d': { q: 0 } },
      last: { evil: true },
    });
    expect(readCourseProgress(memoryStorage(damaged))).toEqual({
      done: ['lessons/01-a'],
      answers: { 'lessons/02-b': { q1: 1 }, 'lessons/04-d': { q: 0 } },
      last: null,
    });
  });

  it('a huge entry is read within bounds', () => {
    const done = Array.from({ length: 100_000 }, (_, i) => `lessons/${i}`);
    expect(sanitizeProgress({ v: 1, done, answers: {}, last: null }).done).toHaveLength(200);
  });

  it('storage that throws (privacy mode, quota) is no progress, and writing reports false', () => {
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readCourseProgress(throwing)).toEqual(EMPTY_PROGRESS);
    expect(writeCourseProgress(throwing, EMPTY_PROGRESS)).toBe(false);
    expect(readCourseProgress(null)).toEqual(EMPTY_PROGRESS);
  });
});

describe('changing progress', () => {
  it('done toggles without duplicates; answers count per lesson', () => {
    let p: CourseProgress = withDone(EMPTY_PROGRESS, 'a', true);
    p = withDone(p, 'a', true);
    expect(p.done).toEqual(['a']);
    expect(withDone(p, 'a', false).done).toEqual([]);
    p = withAnswer(withAnswer(withAnswer(p, 'a', 'q1', 0), 'a', 'q2', 1), 'a', 'q1', 2);
    expect(answeredCount(p, 'a')).toBe(2);
    expect(p.answers['a']).toEqual({ q1: 2, q2: 1 });
    expect(answeredCount(p, 'b')).toBe(0);
  });
});

describe('continue where you left off', () => {
  const course = ['l1', 'l2', 'l3', 'l4', 'l5'];
  it.each([
    { why: 'a new reader: no continue link', done: [], last: null, expected: null },
    { why: 'the lesson last opened, not done', done: ['l1'], last: 'l3', expected: 'l3' },
    { why: 'the last opened is done: the next not done after it', done: ['l1', 'l3', 'l4'], last: 'l3', expected: 'l5' },
    { why: 'done up to the end after the last: the first not done', done: ['l3', 'l4', 'l5'], last: 'l4', expected: 'l1' },
    { why: 'done without opening (another device): the first not done', done: ['l1'], last: null, expected: 'l2' },
    { why: 'the last opened is no longer in the course', done: [], last: 'old-lesson', expected: null },
    { why: 'everything done: no continue link', done: course, last: 'l5', expected: null },
  ])('$why', ({ done, last, expected }) => {
    expect(continueLesson({ done, answers: {}, last }, course)).toBe(expected);
  });
});
