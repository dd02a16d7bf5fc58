/**
 * The lesson structure check in `npm run check`: a lesson lacking objectives, a transcript cell,
 * a question or a try-it fails, naming the line; every lesson of the course passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonStructureProblems } from '../../cli/lesson-structure.ts';
import { lessonTemplate } from '../../cli/new-lesson.ts';

const good = lessonTemplate('A lesson');
const messages = (source: string) => lessonStructureProblems(source).map((p) => `${p.line}: ${p.message.replace('lesson structure: ', '')}`);

describe('the lesson structure check', () => {
  it('every lesson of the course has its parts', () => {
    const lessons = readdirSync('lessons').filter((f) => f.endsWith('.mdx'));
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    for (const file of lessons) expect(lessonStructureProblems(readFileSync(`lessons/${file}`, 'utf8')), file).toEqual([]);
  });

  it.each([
    { lacks: 'objectives', source: good.replace(/objectives:\n(?: {2}- .*\n)+/, ''), problem: /^1: no objectives/ },
    { lacks: 'objective items', source: good.replace(/objectives:\n(?: {2}- .*\n)+/, 'objectives:\n'), problem: /^1: no objectives/ },
    { lacks: 'front matter', source: good.replace(/^---[\s\S]*?---\n/, ''), problem: /^1: no objectives/ },
    {
      lacks: 'a transcript',
      source: good.replace(/^\$ /gm, '').replace(/^(Created topic orders\.|producer website.*|quiet at.*|orders:\d:\d)\n/gm, ''),
      problem: /^1: no transcript/,
    },
    {
      lacks: 'a second cell',
      source: good.replace(/```kafka\n\$ kafka-get-offsets[\s\S]*?```\n/, '').replace(/```kafka\nsim consumer[\s\S]*?```\n/, ''),
      problem: /1 runnable cell\(s\)/,
    },
    { lacks: 'a question', source: good.replace(/<Predict[\s\S]*?<\/Predict>\n/, ''), problem: /^1: no <Predict> question/ },
    { lacks: 'a try-it', source: good.replace(/<TryIt[\s\S]*?<\/TryIt>\n/, ''), problem: /^1: no <TryIt> experiment/ },
    { lacks: 'a summary', source: good.replace('## Summary', '## In short'), problem: /^1: no `## Summary`/ },
  ])('a lesson without $lacks fails', ({ source, problem }) => {
    const found = messages(source);
    expect(found.length, found.join('\n')).toBeGreaterThan(0);
    expect(
      found.some((m) => problem.test(m)),
      found.join('\n'),
    ).toBe(true);
  });

  it('a question with no cell after it to reveal the answer is named by its line', () => {
    const source = `${good}\n<Predict id="late" question="Q?">\n</Predict>\n`;
    const line = source.split('\n').findIndex((l) => l.startsWith('<Predict id="late"')) + 1;
    expect(messages(source)).toEqual([`${line}: this <Predict> has no \`\`\`kafka cell after it to reveal its answer`]);
  });

  it('parts shown as examples inside code blocks do not count', () => {
    const source = good.replace(/<TryIt[\s\S]*?<\/TryIt>\n/, '').replace('## Summary', '```mdx\n<TryIt title="x">\n## Summary\n```\n');
    expect(messages(source).map((m) => m.replace(/^\d+: /, ''))).toEqual([
      'no <TryIt> experiment: invite the reader to change one thing and say what to look for',
      'no `## Summary` section closing the lesson',
    ]);
  });

  it('components named in prose (inline code) are not the components themselves', () => {
    const source = good.replace(/<TryIt[\s\S]*?<\/TryIt>\n/, 'Every lesson ends with a `<TryIt>` and a `<Predict>` needs a cell after it.\n');
    expect(messages(source).map((m) => m.replace(/^\d+: /, ''))).toEqual([
      'no <TryIt> experiment: invite the reader to change one thing and say what to look for',
    ]);
  });

  it('a page that says lesson: false is not a lesson', () => {
    expect(lessonStructureProblems('---\ntitle: Home\nlesson: false\n---\nHello\n')).toEqual([]);
  });
});
