import { describe, expect, it } from 'vitest';
import { lessonFields, lessonOf } from '../../site/lib/lesson-schema.ts';
import { sortLessons } from '../../site/lib/lesson-order.ts';

const good = { description: 'See a consumer crash.', objectives: ['Crash a consumer'], duration: 10 };

describe('lesson front matter', () => {
  // prettier-ignore
  it.each([
    ['a complete lesson', good, []],
    ['a lesson with a seed', { ...good, seed: 42 }, []],
    ['a page that is not a lesson', { lesson: false }, []],
    ['no objectives', { ...good, objectives: undefined }, ['objectives']],
    ['empty objectives', { ...good, objectives: [] }, ['objectives']],
    ['no duration', { ...good, duration: undefined }, ['duration']],
    ['a fractional duration', { ...good, duration: 7.5 }, ['duration']],
    ['no description', { ...good, description: undefined }, ['description']],
    ['a negative seed', { ...good, seed: -1 }, ['seed']],
    ['a seed past Java int', { ...good, seed: 2 ** 31 }, ['seed']],
    ['everything missing', {}, ['description', 'objectives', 'duration']],
  ])('%s', (_name, data, badFields) => {
    const result = lessonFields.safeParse(data);
    const fields = result.success ? [] : result.error.issues.map((i) => String(i.path[0]));
    expect(fields).toEqual(badFields);
  });

  it('every field documents itself', () => {
    for (const [name, field] of Object.entries(lessonFields.shape)) expect(field.description, name).toMatch(/\w{3,}/);
  });

  it('lessonOf tells a lesson from another page', () => {
    expect(lessonOf({ ...good, lesson: true })).not.toBeNull();
    expect(lessonOf({ lesson: false })).toBeNull();
    // Starlight's own 404 entry carries none of the fields.
    expect(lessonOf({})).toBeNull();
  });
});

describe('course order', () => {
  it('follows sidebar.order first, then the file name, as Starlight’s sidebar does', () => {
    const lesson = (id: string, order?: number) => ({ id, data: { sidebar: order === undefined ? {} : { order } } });
    const sorted = sortLessons([lesson('lessons/10-ten'), lesson('lessons/02-two'), lesson('lessons/09-nine', 1), lesson('lessons/01-one')]);
    expect(sorted.map((l) => l.id)).toEqual(['lessons/09-nine', 'lessons/01-one', 'lessons/02-two', 'lessons/10-ten']);
  });
});
