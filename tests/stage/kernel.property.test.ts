/**
 * Properties of the notebook kernel over random small notebooks of valid commands, with an
 * action taken somewhere in the past and some ticks played at the head:
 *   - frames(from, to), which steps through the recorded history, equals frame(t) taken one
 *     tick at a time, which seeks each tick afresh;
 *   - a kernel replayed from its ops draws the same frames, byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';

const name = (prefix: string, n: number) => fc.integer({ min: 0, max: n - 1 }).map((i) => `${prefix}${i}`);

const command = fc.oneof(
  fc.tuple(name('p', 2), name('t', 2), fc.integer({ min: 1, max: 8 })).map(([p, t, n]) => `sim producer start ${p} --topic ${t} --count ${n} --keys a,b,c`),
  fc
    .tuple(name('c', 3), name('g', 2), name('t', 2), fc.constantFrom('auto', 'after', 'before'), fc.integer({ min: 0, max: 2 }))
    .map(([c, g, t, mode, ticks]) => `sim consumer start ${c} --group ${g} --topic ${t} --commit ${mode} --process-ticks ${ticks} --offset-reset earliest`),
  fc.integer({ min: 1, max: 12 }).map((n) => `sim tick ${n}`),
  fc.constant('sim run --max-ticks 40'),
  fc.tuple(fc.constantFrom('sim crash', 'sim restart', 'sim consumer stop'), name('c', 3)).map(([verb, c]) => `${verb} ${c}`),
  name('t', 2).map((t) => `kafka-console-producer --topic ${t} <<EOF\nx\ny\nEOF`),
  name('g', 2).map((g) => `kafka-consumer-groups --describe --group ${g}`),
);

/** Cells written as transcripts (no expected output), so a refused command does not stop the notebook. */
const notebook = fc
  .array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
  .map((cells) => [
    [
      'kafka-topics --create --topic t0 --partitions 2',
      'kafka-topics --create --topic t1 --partitions 1',
      'sim producer start p0 --topic t0 --count 6 --keys a,b',
      'sim consumer start c0 --group g0 --topic t0 --commit after --offset-reset earliest',
      'sim tick 4',
    ].join('\n'),
    ...cells.map((commands) => commands.map((c) => `$ ${c}`).join('\n')),
  ]);

const story = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  cells: notebook,
  action: fc.tuple(fc.constantFrom('sim crash', 'sim restart', 'sim consumer stop'), name('c', 3), fc.double({ min: 0, max: 1, noNaN: true })),
  play: fc.integer({ min: 0, max: 30 }),
  range: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
});

type Story = typeof story extends fc.Arbitrary<infer T> ? T : never;

function tell(s: Story): NotebookKernel {
  const kernel = new NotebookKernel(s.seed, s.cells);
  kernel.runCells(s.cells.map((_, i) => i));
  const [verb, consumer, at] = s.action;
  kernel.act(`${verb} ${consumer}`, Math.floor(at * kernel.headTick));
  kernel.advance(s.play, false);
  kernel.runCells(s.cells.map((_, i) => i)); // cells made idle by the action run again
  return kernel;
}

describe('notebook kernel properties', () => {
  it('frames(from, to) equals frame(t) taken tick by tick', () => {
    fc.assert(
      fc.property(story, (s) => {
        const kernel = tell(s);
        const head = kernel.headTick;
        const [a, b] = s.range;
        const from = Math.floor(Math.min(a, b) * head);
        const to = Math.floor(Math.max(a, b) * head);
        const stepped = kernel.frames(from, to).map((f) => JSON.stringify(f));
        const sought = [];
        for (let t = from; t <= to; t++) sought.push(JSON.stringify(kernel.frame(t)));
        expect(stepped).toEqual(sought);
      }),
      { numRuns: 40 },
    );
  });

  it('a kernel replayed from its ops draws the same frames', () => {
    fc.assert(
      fc.property(story, (s) => {
        const kernel = tell(s);
        const replayed = NotebookKernel.replay(s.seed, s.cells, kernel.ops);
        expect(replayed.status().cells).toEqual(kernel.status().cells);
        expect(replayed.status().marks).toEqual(kernel.status().marks);
        const head = kernel.headTick;
        expect(replayed.headTick).toBe(head);
        for (const t of [0, Math.floor(head / 3), Math.floor((2 * head) / 3), head]) {
          expect(JSON.stringify(replayed.frame(t))).toBe(JSON.stringify(kernel.frame(t)));
        }
      }),
      { numRuns: 40 },
    );
  });
});
