/**
 * The cluster on the stage, without a browser. The stage never lies: at every tick of a story
 * with a broker crashing and coming back, the partitions table and the replica lanes the stage
 * draws are what a separate shell session's `kafka-topics --describe` prints at that tick. The
 * layout keeps single-broker pages as they were; the controls and words are worked examples.
 */
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { sceneOf, stageEvents } from '../../../site/stage/kernel/scene.ts';
import { brokerControls } from '../../../site/stage/panels/broker-controls.ts';
import { partitionTableCells } from '../../../site/stage/panels/partition-table.ts';
import type { Frame, SceneProducer, SceneReplica } from '../../../site/stage/protocol.ts';
import { producerLines } from '../../../site/stage/view/applications.ts';
import { narrateTick } from '../../../site/stage/view/narrate.ts';
import { brokerStatus, replicaClass, replicaLabel } from '../../../site/stage/view/replicas.ts';
import { layoutStage, REPLICA_GUTTER } from '../../../site/stage/view/stage-layout.ts';
import { printedAt } from '../helpers.ts';
import { frame, partition, scene } from './fixtures.ts';

const SEED = 3;

function play(session: ShellSession, snap: (events: Frame['events']) => void): void {
  const run = (script: string) => {
    const out = session.run(script);
    if (out.exitCode !== 0) throw new Error(`failed: ${script}`);
    return stageEvents(out.outcomes.flatMap((o) => o.events));
  };
  snap(
    run(`sim cluster --brokers 3
kafka-topics --create --topic orders --partitions 2 --replication-factor 3 --config min.insync.replicas=2
sim producer start web --topic orders --acks 1 --count 40 --keys a,b,c`),
  );
  const step = (n: number) => {
    for (let i = 0; i < n; i++) snap(stageEvents(session.timeline.step()));
  };
  step(6);
  snap(run('sim broker crash 1'));
  step(10);
  snap(run('sim broker crash 2'));
  step(8);
  snap(run('sim broker restart 1'));
  step(6);
  snap(run('sim broker restart 2'));
  step(40);
}

const session = ShellSession.create({ seed: SEED });
const frames: Frame[] = [];
play(session, (events) => frames.push({ tick: session.timeline.world.tick, scene: sceneOf(session.timeline.world), events }));
const printer = ShellSession.create({ seed: SEED });
play(printer, () => undefined);

/** The printed describe's partition lines at `tick`, as the table's first seven columns. */
function printed(tick: number): string[][] {
  return printedAt(printer, tick, 'kafka-topics --describe --topic orders')
    .map((l) => l.text)
    .filter((l) => l.startsWith('\tTopic:'))
    .map((line) =>
      ['Topic', 'Partition', 'Leader', 'Replicas', 'Isr', 'Elr', 'LastKnownElr'].map((f) => new RegExp(`\\t${f}: ([^\\t]*)`).exec(line)?.[1] ?? '?'),
    );
}

describe('the stage shows what kafka-topics --describe prints, at every tick of a broker failure story', () => {
  it('the partitions table and the drawn replica lanes agree with the printed leader, replicas, ISR, ELR and last known leader', () => {
    let checked = 0;
    const causes = new Set<string>();
    for (const [i, f] of frames.entries()) {
      for (const e of f.events) if (e.kind === 'leader.elected' && e.cause) causes.add(e.cause);
      // A command's frame shares its tick with the tick's own frame: the printed table is the later one's.
      if (frames[i + 1]?.tick === f.tick) continue;
      const expected = printed(f.tick);
      expect(
        partitionTableCells(f.scene).map((row) => row.slice(0, 7)),
        `tick ${f.tick}`,
      ).toEqual(expected);
      const layout = layoutStage(f.scene, { width: 560 });
      for (const row of layout.topics.flatMap((t) => t.partitions)) {
        const line = expected[row.partition.partition] ?? [];
        const lanes = row.partition.replicas;
        expect(lanes.map((r) => r.broker).join(','), `tick ${f.tick} ${row.name} replicas`).toBe(line[3]);
        expect(
          lanes.filter((r) => r.inIsr).map((r) => r.broker),
          `tick ${f.tick} ${row.name} isr`,
        ).toEqual(
          (line[4] ?? '')
            .split(',')
            .filter(Boolean)
            .map(Number)
            .sort((a, b) => lanes.findIndex((r) => r.broker === a) - lanes.findIndex((r) => r.broker === b)),
        );
        const leader = lanes.find((r) => r.leader)?.broker;
        expect(leader === undefined ? 'none' : String(leader), `tick ${f.tick} ${row.name} leader`).toBe(line[2]);
        // The leader's lane is the tape; a follower's never reaches past it unless it diverged.
        for (const r of lanes) if (!r.leader && r.divergesAt === null) expect(r.logEnd).toBeLessThanOrEqual(row.partition.logEnd);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    // The story elects both from the ISR and back to the preferred leader.
    expect([...causes].sort()).toEqual(expect.arrayContaining(['clean', 'preferred']));
  });

  it('draws the broker boxes and a lane per replica, and crashed brokers as crashed', () => {
    const crashed = frames.find((f) => f.scene.brokers.some((b) => b.status === 'crashed'));
    if (!crashed) throw new Error('no frame with a crashed broker');
    const layout = layoutStage(crashed.scene, { width: 1000 });
    expect(layout.brokers.map((b) => b.id)).toEqual([1, 2, 3]);
    expect(layout.brokers.find((b) => b.id === 1)?.broker.status).toBe('crashed');
    for (const row of layout.topics.flatMap((t) => t.partitions)) {
      expect(row.replicaTop).not.toBeNull();
      expect(row.tapeX).toBe(REPLICA_GUTTER);
      expect(row.height).toBeGreaterThan((row.replicaTop ?? 0) + 3 * 13 - 1);
    }
  });
});

describe('the producer box counts what the producer ledger counts', () => {
  it('lost records: the scene says what `sim ledger --producer` prints, at every tick', () => {
    let lostSomething = false;
    for (const [i, f] of frames.entries()) {
      if (frames[i + 1]?.tick === f.tick) continue;
      const line = printedAt(printer, f.tick, 'sim ledger --producer web')[0]?.text ?? '';
      const lost = Number(/lost (\d+)/.exec(line)?.[1]);
      const web = f.scene.producers.find((p) => p.name === 'web');
      expect(web?.lost, `tick ${f.tick}: ${line}`).toBe(lost);
      if (lost > 0) {
        lostSomething = true;
        expect(producerLines(web as SceneProducer, 20)[3]).toBe(`lost ${lost}`);
      }
    }
    // acks=1 and two leader crashes: the story does lose acknowledged records.
    expect(lostSomething).toBe(true);
  });
});

describe('one broker keeps the stage as it was', () => {
  it('no broker boxes, no replica lanes, the tape at the left edge', () => {
    const layout = layoutStage(scene({ topics: [{ name: 'orders', partitions: [partition({ logEnd: 5 })] }] }), { width: 1000 });
    expect(layout.brokers).toEqual([]);
    const row = layout.topics[0]?.partitions[0];
    expect([row?.replicaTop, row?.tapeX]).toEqual([null, 0]);
    expect(partitionTableCells(scene())).toEqual([]);
    expect(brokerControls(scene())).toEqual([]);
  });

  it('the one broker down: the stage shows it, and the partition offline', () => {
    const offline = partition({ logEnd: 3, leader: -1, isr: [], elr: [1], lastKnownElr: [1] });
    const s = scene({ brokers: [{ id: 1, status: 'crashed', fenced: true, slow: false, leads: 0 }], topics: [{ name: 'orders', partitions: [offline] }] });
    expect(layoutStage(s, { width: 1000 }).brokers).toHaveLength(1);
    expect(partitionTableCells(s)).toEqual([['orders', '0', 'none', '1', '', '1', '1', '3', '3']]);
    expect(brokerControls(s)).toEqual([
      { name: 'broker 1', group: '', status: 'down (crashed, fenced)', actions: [{ label: 'Restart', command: 'sim broker restart 1' }] },
    ]);
  });
});

describe('controls and words', () => {
  const replica = (over: Partial<SceneReplica>): SceneReplica => ({
    broker: 2,
    logEnd: 5,
    leader: false,
    inIsr: true,
    inElr: false,
    down: false,
    divergesAt: null,
    ...over,
  });

  it('a running broker can crash or stop; a down one restart; a registering one nothing', () => {
    const s = scene({
      brokers: [
        { id: 1, status: 'running', fenced: false, slow: false, leads: 2 },
        { id: 2, status: 'stopped', fenced: true, slow: false, leads: 0 },
        { id: 3, status: 'starting', fenced: false, slow: false, leads: 0 },
      ],
    });
    expect(brokerControls(s).map((c) => [c.name, c.status, c.actions.map((a) => a.command)])).toEqual([
      ['broker 1', 'up, leads 2 partitions', ['sim broker crash 1', 'sim broker stop 1']],
      ['broker 2', 'down (stopped)', ['sim broker restart 2']],
      ['broker 3', 'restarting: waits for its old session to time out', []],
    ]);
    expect(brokerStatus({ id: 1, status: 'running', fenced: false, slow: true, leads: 1 })).toBe('up, slow · leads 1');
  });

  it('lane labels and classes', () => {
    expect(replicaLabel(replica({ leader: true, broker: 3 }))).toBe('★b3');
    expect(replicaLabel(replica({ down: true }))).toBe('b2 ✕');
    expect(replicaClass(replica({ inIsr: false, inElr: true }), false)).toBe('replica out-of-sync elr');
    expect(replicaClass(replica({ leader: true }), true)).toBe('replica in-sync leader elected');
  });

  it('narrates crashes and elections first', () => {
    const words = narrateTick(
      frame(9, [
        { kind: 'records.appended', source: 'broker:2', destination: 'partition:orders/0', topic: 'orders', partition: 0, from: 3, to: 4 },
        { kind: 'broker.fenced', source: 'admin', destination: 'broker:1', broker: 1, reason: 'x' },
        { kind: 'leader.elected', source: 'admin', destination: 'partition:orders/0', topic: 'orders', partition: 0, leader: 2, previous: 1, cause: 'clean' },
        { kind: 'partition.offline', source: 'admin', destination: 'partition:orders/1', topic: 'orders', partition: 1 },
      ]),
    );
    expect(words).toBe(
      'tick 9: the controller fenced broker 1; orders-0: broker 2 is the new leader (from the in-sync replicas); orders-1 is offline: no replica can lead it; 1 record appended to orders-0',
    );
  });
});
