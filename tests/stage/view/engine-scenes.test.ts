/**
 * The drawing against real worlds: the engine runs a crash-and-resume story, the kernel projects
 * each tick to a scene, and at every tick the numbers the stage draws (committed markers, lag
 * numbers) must be the CURRENT-OFFSET and LAG columns that `kafka-consumer-groups --describe`
 * prints — printed by a second, separate shell session that ran the same story, so nothing the
 * stage is built from (not even the scene's own state table) is taken as the truth.
 */
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { sceneOf, stageEvents } from '../../../site/stage/kernel/scene.ts';
import type { Frame, StateRow } from '../../../site/stage/protocol.ts';
import { assignmentEdges } from '../../../site/stage/view/applications.ts';
import { partitionMarkers } from '../../../site/stage/view/group-markers.ts';
import { narrateTick } from '../../../site/stage/view/narrate.ts';
import { messageMarks } from '../../../site/stage/view/record-marks.ts';
import { layoutStage } from '../../../site/stage/view/stage-layout.ts';
import { parseDescribe, printedAt } from '../helpers.ts';

const GROUPS = ['accounting', 'audit'];

/** Plays the story on `session`, calling `snap` after each command and each tick. */
function play(session: ShellSession, snap: (events: Frame['events']) => void): void {
  const run = (script: string) => {
    const out = session.run(script);
    if (out.exitCode !== 0) throw new Error(`failed: ${script}`);
    return stageEvents(out.outcomes.flatMap((o) => o.events));
  };
  snap(
    run(`kafka-topics --create --topic payments --partitions 2
sim producer start checkout --topic payments --count 12 --keys card-1,card-2,card-3
sim consumer start ledger --group accounting --topic payments --commit after --process-ticks 3 --offset-reset earliest
sim consumer start auditor --group audit --topic payments --commit auto --offset-reset earliest`),
  );
  const step = (n: number) => {
    for (let i = 0; i < n; i++) snap(stageEvents(session.timeline.step()));
  };
  step(16);
  snap(run('sim crash ledger'));
  step(3);
  snap(run('sim restart ledger'));
  step(70);
}

function story(): Frame[] {
  const session = ShellSession.create({ seed: 7 });
  const frames: Frame[] = [];
  play(session, (events) => frames.push({ tick: session.timeline.world.tick, scene: sceneOf(session.timeline.world), events }));
  return frames;
}

const frames = story();

/** The same story in a session of its own, whose printed describe tables are the reference. */
const printer = ShellSession.create({ seed: 7 });
play(printer, () => undefined);
const printedRows = new Map<number, StateRow[]>();
function printed(tick: number): StateRow[] {
  let rows = printedRows.get(tick);
  if (!rows) printedRows.set(tick, (rows = GROUPS.flatMap((g) => parseDescribe(printedAt(printer, tick, `kafka-consumer-groups --describe --group ${g}`)))));
  return rows;
}

describe('the stage draws what kafka-consumer-groups prints, at every tick', () => {
  for (const width of [560, 390]) {
    it(`${width} px: committed markers and lag numbers are the printed CURRENT-OFFSET and LAG`, () => {
      expect(printer.timeline.headTick).toBe(frames.at(-1)?.tick); // the same story, to the same tick
      let checked = 0;
      for (const [i, f] of frames.entries()) {
        const layout = layoutStage(f.scene, { width, ledgerGroup: 'accounting' });
        // A command's frame shares its tick with the tick's own frame: the printed table is the later one's.
        const last = frames[i + 1]?.tick !== f.tick;
        for (const row of layout.topics.flatMap((t) => t.partitions)) {
          const markers = partitionMarkers(f.scene, row, layout);
          const rows = last ? printed(f.tick) : [];
          for (const tableRow of rows.filter((r) => r.topic === row.topic && r.partition === row.partition.partition)) {
            const marker = markers.committed.find((m) => m.group === tableRow.group);
            const lag = markers.lags.find((l) => l.group === tableRow.group);
            expect(marker?.offset ?? null, `tick ${f.tick} ${tableRow.group} ${row.name}`).toBe(tableRow.committed);
            if (tableRow.committed !== null) expect(lag?.lag).toBe(tableRow.lag);
            checked++;
          }
          // Every marker stands on the tape, between its start and the log end slot.
          const right = row.tapeX + row.cells.endSlot * layout.metrics.cellWidth;
          for (const m of [...markers.committed, ...markers.positions]) {
            expect(m.x).toBeGreaterThanOrEqual(row.tapeX);
            expect(m.x).toBeLessThanOrEqual(right);
          }
        }
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it('draws the crashed member down until its session expires, then moves its partitions', () => {
    const crashAt = frames.findIndex((f) => f.events.some((e) => e.kind === 'consumer.crashed'));
    const expiredAt = frames.findIndex((f) => f.events.some((e) => e.kind === 'member.expired'));
    expect(crashAt).toBeGreaterThan(0);
    expect(expiredAt).toBeGreaterThan(crashAt);
    const owners = (f: Frame) =>
      assignmentEdges(layoutStage(f.scene, { width: 560 }))
        .filter((e) => e.group === 'accounting')
        .map((e) => [e.partition, e.down]);
    const down = (f: Frame) =>
      layoutStage(f.scene, { width: 560 })
        .groups.flatMap((g) => g.members)
        .filter((m) => m.status === 'crashed')
        .map((m) => m.consumerName);
    expect(down(frames[crashAt] as Frame)).toEqual(['ledger']);
    expect(owners(frames[crashAt] as Frame)).toEqual([
      ['payments-0', true],
      ['payments-1', true],
    ]);
    expect(owners(frames[expiredAt] as Frame)).toEqual([
      ['payments-0', false],
      ['payments-1', false],
    ]);
    expect(narrateTick(frames[crashAt] as Frame)).toMatch(/^tick \d+: ledger crashed/);
  });

  it('has a mark for every message in flight and says something for every tick', () => {
    for (const f of frames) {
      const layout = layoutStage(f.scene, { width: 390 });
      expect(messageMarks(f.scene, layout).map((m) => m.id)).toEqual(f.scene.messages.map((m) => m.id));
      expect(narrateTick(f)).toMatch(new RegExp(`^tick ${f.tick}: .+`));
    }
  });
});
