import { describe, expect, it } from 'vitest';
import { listGroups, Timeline, type NetworkMessage, type WorldEvent } from '../../engine/index.ts';
import { RecordStore } from '../../engine/core/record-store.ts';
import { emptyLog } from '../../engine/core/log-segments.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import { sceneMessages } from '../../site/stage/kernel/scene-messages.ts';
import { gaps } from '../../site/stage/kernel/ledger-tally.ts';
import {
  EVENT_OFFSET_LIMIT,
  LEDGER_LIST_LIMIT,
  PARTITION_LIMIT,
  preview,
  sceneOf,
  smallest,
  STAGE_EVENT_LIMIT,
  stageEvents,
  TABLE_ROW_LIMIT,
} from '../../site/stage/kernel/scene.ts';
import type { SceneConsumer } from '../../site/stage/protocol.ts';
import { lessonCells, parseDescribe, printedAt, sessionAfter } from './helpers.ts';

const GROUPS_STORY = [
  [
    'kafka-topics --create --topic orders --partitions 3',
    'sim producer start shop --topic orders --count 30 --keys a,b,c,d,e',
    'sim consumer start c1 --group g --topic orders --commit auto --offset-reset earliest',
    'sim consumer start c2 --group g --topic orders --commit after --process-ticks 2 --offset-reset earliest',
    'sim tick 40',
  ].join('\n'),
  'sim consumer stop c1\nsim tick 30',
  'kafka-console-consumer --topic orders --group readers --from-beginning --max-messages 5',
  'sim consumer stop c2\nsim run',
];

describe('the state table is what kafka-consumer-groups --describe prints', () => {
  // prettier-ignore
  it.each([
    ['lesson 02 (a crash, a session timeout, a rebalance)', lessonCells('05-crash-and-resume')],
    ['two members, a graceful stop, a console consumer, an empty group', GROUPS_STORY],
  ])('at every tick of %s', (_name, cells) => {
    const kernel = new NotebookKernel(1, cells);
    const results = kernel.runCells(cells.map((_, i) => i));
    expect(results.map((r) => r.error)).toEqual(cells.map(() => null));
    const session = sessionAfter(1, cells);
    const head = kernel.status().headTick;
    expect(session.timeline.headTick).toBe(head);
    let rows = 0;
    for (let from = 0; from <= head; from += 512) {
      for (const frame of kernel.frames(from, head)) {
        session.timeline.seek(frame.tick);
        const printed = listGroups(session.timeline.world).flatMap((g) => parseDescribe(printedAt(session, frame.tick, `kafka-consumer-groups --describe --group ${g}`)));
        expect(frame.scene.table, `tick ${frame.tick}`).toEqual(printed);
        rows += printed.length;
      }
    }
    expect(rows).toBeGreaterThan(head); // the story does have rows to compare
  });
});

describe('consumers on the stage', () => {
  it('processing and pending are exactly the delivered records not yet processed, at every tick of lesson 02', () => {
    const cells = lessonCells('05-crash-and-resume');
    const kernel = new NotebookKernel(1, cells);
    kernel.runCells(cells.map((_, i) => i));
    // The independent account: a separate session's event stream, tick by tick.
    const session = sessionAfter(1, cells);
    const outstanding = new Set<string>();
    let processing: string | null = null;
    let busyTicks = 0;
    for (let t = 0; t <= session.timeline.headTick; t++) {
      for (const e of session.timeline.seek(t)) {
        if (e.kind === 'records.delivered' && e.payload.consumer === 'ledger')
          for (let o = e.payload.from; o < e.payload.to; o++) outstanding.add(`${e.payload.topic}/${e.payload.partition}@${o}`);
        if (e.kind === 'processing.started' && e.payload.consumer === 'ledger') processing = `${e.payload.topic}/${e.payload.partition}@${e.payload.offset}`;
        if (e.kind === 'record.processed' && e.payload.consumer === 'ledger') {
          outstanding.delete(`${e.payload.topic}/${e.payload.partition}@${e.payload.offset}`);
          processing = null;
        }
        if (e.kind === 'consumer.crashed') {
          processing = null;
          outstanding.clear();
        }
      }
      const ledger = kernel.frame(t).scene.consumers.find((c) => c.name === 'ledger') as SceneConsumer;
      const shown = ledger.processing ? `${ledger.processing.topic}/${ledger.processing.partition}@${ledger.processing.offset}` : null;
      expect(shown, `tick ${t}`).toBe(processing);
      const pending = ledger.pending.flatMap((r) => Array.from({ length: r.to - r.from }, (_, i) => `${r.topic}/${r.partition}@${r.from + i}`));
      expect(new Set([...pending, ...(shown ? [shown] : [])]), `tick ${t}`).toEqual(outstanding);
      if (shown) busyTicks++;
    }
    expect(busyTicks).toBeGreaterThan(10);
  });
});

describe('groups on the stage', () => {
  it('the ledger counts are what sim ledger prints, and its lists stop at LEDGER_LIST_LIMIT', () => {
    // At-most-once: the whole batch is committed before it is processed, so a crash skips the rest.
    const cells = [
      'kafka-topics --create --topic t --partitions 1',
      'sim producer start p --topic t --count 300 --batch 300',
      'sim consumer start c --group g --topic t --commit before --process-ticks 1 --offset-reset earliest',
      'sim tick 20',
      'sim crash c',
      'sim restart c',
      'sim run',
    ];
    const kernel = new NotebookKernel(1, [cells.join('\n')]);
    kernel.runCells([0]);
    const session = sessionAfter(1, [cells.join('\n')]);
    const head = kernel.status().headTick;
    const printed = printedAt(session, head, 'sim ledger --group g').map((l) => l.text);
    const summary = /^group g: processed (\d+), distinct (\d+), duplicated (\d+), skipped (\d+)$/.exec(printed[0] ?? '');
    expect(summary).not.toBeNull();
    const [processed, distinct, duplicated, skipped] = (summary ?? []).slice(1).map(Number);
    const ledger = kernel.frame(head).scene.groups.find((g) => g.id === 'g')?.ledger;
    expect(ledger && [ledger.processed, ledger.distinct, ledger.duplicated, ledger.skipped]).toEqual([processed, distinct, duplicated, skipped]);
    expect(skipped).toBeGreaterThan(LEDGER_LIST_LIMIT);
    expect(ledger?.skippedRecords).toHaveLength(LEDGER_LIST_LIMIT);
    const printedSkips = printed.filter((l) => l.startsWith('  skipped ')).slice(0, LEDGER_LIST_LIMIT);
    expect(ledger?.skippedRecords.map((s) => `  skipped ${s.topic}-${s.partition}@${s.offset}`)).toEqual(printedSkips);
  });
});

describe('the ledger counts skips without walking the history', () => {
  // prettier-ignore
  it.each([
    ['offsets in [from, to) nobody processed, in order', [0, 1, 2, 5, 6, 9], 0, 12, 10, [3, 4, 7, 8, 10, 11]],
    ['at most `limit` of them', [0, 1, 2, 5, 6, 9], 0, 12, 3, [3, 4, 7]],
    ['from inside a run of processed offsets', [0, 1, 2, 5, 6, 9], 1, 8, 10, [3, 4, 7]],
    ['none when every offset was processed', [4, 5, 6, 7], 4, 8, 10, []],
    ['all of them when nothing was processed', [], 2, 5, 10, [2, 3, 4]],
  ])('%s', (_name, seen, from, to, limit, expected) => {
    expect(gaps(seen, from, to, limit)).toEqual(expected);
  });
});

describe('a scene is bounded by size, not by the size of the world', () => {
  // Topics in name order: a (40), b (30), c (10). The first 64 partitions are a-0..a-39 and b-0..b-23.
  const cells = [
    [
      'kafka-topics --create --topic b --partitions 30',
      'kafka-topics --create --topic a --partitions 40',
      'kafka-topics --create --topic c --partitions 10',
      'sim producer start p --topic b --count 90 --batch 30',
      'sim consumer start r --group g --topic b --commit auto --offset-reset earliest',
      'sim run',
    ].join('\n'),
  ];
  const kernel = new NotebookKernel(1, cells);
  kernel.runCells([0]);
  const head = kernel.status().headTick;
  const scene = kernel.frame(head).scene;

  it(`carries the first ${PARTITION_LIMIT} partitions, topics in name order, and says how many it left out`, () => {
    expect(scene.topics.map((t) => [t.name, t.partitions.map((p) => p.partition)])).toEqual([
      ['a', Array.from({ length: 40 }, (_, i) => i)],
      ['b', Array.from({ length: 24 }, (_, i) => i)],
    ]);
    expect(scene.partitionsOmitted).toBe(6 + 10);
  });

  it('keeps committed offsets and positions of the drawn partitions only, with the values kafka-consumer-groups prints', () => {
    const printed = parseDescribe(printedAt(sessionAfter(1, cells), head, 'kafka-consumer-groups --describe --group g'));
    expect(printed.map((r) => r.partition)).toEqual(Array.from({ length: 30 }, (_, i) => i)); // the table has all 30
    const drawn = printed.filter((r) => r.partition < 24);
    const g = scene.groups.find((x) => x.id === 'g');
    expect(g?.committed).toEqual(drawn.map((r) => ({ topic: 'b', partition: r.partition, offset: r.committed })));
    // Caught up after `sim run`: every position is the committed offset.
    expect(scene.consumers.find((c) => c.name === 'r')?.positions).toEqual(drawn.map((r) => ({ topic: 'b', partition: r.partition, offset: r.committed })));
    // The assignment is short enough to travel whole: 30 partitions.
    expect(g?.members[0]?.assignment).toHaveLength(30);
  });

  it(`cuts an assignment to its first ${PARTITION_LIMIT} partitions, and the state table to ${TABLE_ROW_LIMIT} rows`, () => {
    const big = [
      'kafka-topics --create --topic big --partitions 500',
      'sim consumer start r --group g --topic big --commit auto --offset-reset earliest',
      'sim tick 20',
    ].join('\n');
    const k = new NotebookKernel(1, [big]);
    k.runCells([0]);
    const s = k.frame(20).scene;
    const first64 = Array.from({ length: 64 }, (_, partition) => ({ topic: 'big', partition }));
    expect(s.groups[0]?.members[0]?.assignment).toEqual(first64);
    expect(s.consumers[0]?.assignment).toEqual(first64);
    const printed = parseDescribe(printedAt(sessionAfter(1, [big]), 20, 'kafka-consumer-groups --describe --group g'));
    expect(printed).toHaveLength(500);
    expect(s.table).toEqual(printed.slice(0, 400));
    expect(s.partitionsOmitted).toBe(500 - 64);
  });

  it('a frame of a world of 5,000 partitions is no bigger than one of 500', () => {
    const frameSize = (partitions: number): number => {
      const k = new NotebookKernel(1, [
        [
          `kafka-topics --create --topic t --partitions ${partitions}`,
          'sim producer start p --topic t --count 400 --every 1',
          'sim consumer start r --group g --topic t --commit auto --offset-reset earliest',
          'sim tick 30',
        ].join('\n'),
      ]);
      k.runCells([0]);
      return Math.max(...k.frames(20, 30).map((f) => JSON.stringify(f).length));
    };
    const small = frameSize(500);
    const large = frameSize(5_000);
    // Measured: 54 KB each; before the caps, 180 KB and 1.8 MB (ten times the partitions, ten times the bytes).
    expect(large / small).toBeLessThan(1.2);
    expect(large).toBeLessThan(100_000);
  });

  it(`an event carries at most ${EVENT_OFFSET_LIMIT} offsets and says how many more it had`, () => {
    const offsets = Array.from({ length: 100 }, (_, partition) => ({ topic: 't', partition, offset: partition * 2 }));
    const [e] = stageEvents([{ tick: 1, kind: 'offsets.committed', source: 'a', destination: 'b', payload: { group: 'g', consumer: 'c', offsets } }]);
    expect(e?.offsets).toEqual(offsets.slice(0, 64));
    expect(e && (e.offsetsOmitted ?? 0)).toBe(36);
    const [short] = stageEvents([
      { tick: 1, kind: 'offsets.committed', source: 'a', destination: 'b', payload: { group: 'g', consumer: 'c', offsets: offsets.slice(0, 3) } },
    ]);
    expect(short && (short.offsetsOmitted ?? 0)).toBe(0);
    expect(short && 'offsetsOmitted' in short).toBe(false);
  });

  it('smallest: the k smallest items, sorted, in one pass', () => {
    const byNumber = (a: number, b: number) => a - b;
    expect(smallest([9, 3, 7, 1, 8, 2, 5], 3, byNumber)).toEqual([1, 2, 3]);
    expect(smallest([4, 4, 1, 4], 2, byNumber)).toEqual([1, 4]);
    expect(smallest([2, 1], 5, byNumber)).toEqual([1, 2]);
    expect(smallest([2, 1], 0, byNumber)).toEqual([]);
  });
});

describe('frames carry plain data only', () => {
  it('a frame survives structured cloning and JSON unchanged (no Map, class or record store)', () => {
    const cells = lessonCells('05-crash-and-resume');
    const kernel = new NotebookKernel(1, cells);
    kernel.runCells(cells.map((_, i) => i));
    for (const frame of kernel.frames(0, 40)) {
      expect(structuredClone(frame)).toEqual(frame);
      expect(JSON.parse(JSON.stringify(frame))).toEqual(frame);
    }
  });
});

describe('record previews', () => {
  // prettier-ignore
  it.each([
    ['short text is kept', 'espresso', 24, 'espresso'],
    ['text of exactly the limit is kept', 'a'.repeat(24), 24, 'a'.repeat(24)],
    ['longer text is cut to the limit, ellipsis included', 'abcdefghijklmnopqrstuvwxyz', 24, 'abcdefghijklmnopqrstuvw…'],
    ['keys are cut at 16', 'customer-00001234567', 16, 'customer-000012…'],
    ['a surrogate pair is never split', `${'a'.repeat(22)}😀xyz`, 24, `${'a'.repeat(22)}…`],
    ['null stays null', null, 24, null],
  ])('%s', (_name, text, max, expected) => {
    expect(preview(text, max)).toBe(expected);
  });
});

describe('stageEvents', () => {
  const event = (kind: string, payload: object): WorldEvent => ({ tick: 7, kind, source: 'a', destination: 'b', payload }) as WorldEvent;
  const record = { key: 'k', value: 'v', headers: [], createdTick: 7 };

  // prettier-ignore
  it.each([
    ['records.sent: the records become a count', event('records.sent', { requestId: 3, topic: 't', partition: 1, attempt: 1, records: [record, record, record] }),
      { kind: 'records.sent', source: 'a', destination: 'b', topic: 't', partition: 1, count: 3 }],
    ['records.appended: the base offset and count become [from, to)', event('records.appended', { requestId: 3, topic: 't', partition: 1, baseOffset: 5, count: 3 }),
      { kind: 'records.appended', source: 'a', destination: 'b', topic: 't', partition: 1, from: 5, to: 8, count: 3 }],
    ['produce.acked too', event('produce.acked', { requestId: 3, topic: 't', partition: 0, baseOffset: 0, count: 2 }),
      { kind: 'produce.acked', source: 'a', destination: 'b', topic: 't', partition: 0, from: 0, to: 2, count: 2 }],
    ['offsets.committed keeps its offsets', event('offsets.committed', { group: 'g', consumer: 'c', offsets: [{ topic: 't', partition: 0, offset: 4 }] }),
      { kind: 'offsets.committed', source: 'a', destination: 'b', group: 'g', consumer: 'c', offsets: [{ topic: 't', partition: 0, offset: 4 }] }],
    ['consumer.crashed shows the positions it lost', event('consumer.crashed', { consumer: 'c', group: 'g', lostPositions: [{ topic: 't', partition: 1, offset: 2 }] }),
      { kind: 'consumer.crashed', source: 'a', destination: 'b', consumer: 'c', group: 'g', offsets: [{ topic: 't', partition: 1, offset: 2 }] }],
    ['record.processed', event('record.processed', { consumer: 'c', group: 'g', topic: 't', partition: 0, offset: 9 }),
      { kind: 'record.processed', source: 'a', destination: 'b', consumer: 'c', group: 'g', topic: 't', partition: 0, offset: 9 }],
    ['a null error is kept as null', event('commit.acknowledged', { group: 'g', consumer: 'c', error: null }),
      { kind: 'commit.acknowledged', source: 'a', destination: 'b', group: 'g', consumer: 'c', error: null }],
    ['rebalance.started keeps its reason', event('rebalance.started', { group: 'g', reason: 'member m joined', generation: 2 }),
      { kind: 'rebalance.started', source: 'a', destination: 'b', group: 'g', reason: 'member m joined' }],
  ])('%s', (_name, input, expected) => {
    expect(stageEvents([input])).toEqual([expected]);
  });

  it(`keeps the first ${STAGE_EVENT_LIMIT} events of a tick, in order`, () => {
    const many = Array.from({ length: STAGE_EVENT_LIMIT + 500 }, (_, offset) =>
      event('record.processed', { consumer: 'c', group: 'g', topic: 't', partition: 0, offset }),
    );
    const kept = stageEvents(many);
    expect(kept).toHaveLength(STAGE_EVENT_LIMIT);
    expect(kept.map((e) => e.offset)).toEqual(Array.from({ length: STAGE_EVENT_LIMIT }, (_, i) => i));
  });
});

describe('messages on the wire', () => {
  const store = new RecordStore();
  const produce = (requestId: number, arriveTick: number): NetworkMessage => ({
    kind: 'produce',
    arriveTick,
    broker: 1,
    producer: 'p',
    producerId: 1,
    producerEpoch: 0,
    idempotent: false,
    transactionalId: null,
    acks: 1,
    requestId,
    topic: 't',
    partition: 0,
    records: [{ key: null, value: 'v', headers: [], createdTick: 0 }],
    firstSequence: 0,
  });
  const commit = (arriveTick: number): NetworkMessage => ({
    kind: 'commit',
    arriveTick,
    consumer: 'c',
    incarnation: 2,
    group: 'g',
    memberId: 'm',
    generation: 1,
    offsets: [{ topic: 't', partition: 0, offset: 1 }],
    topicIds: {},
  });
  const fetchResponse: NetworkMessage = {
    kind: 'fetch-response',
    arriveTick: 9,
    consumer: 'c',
    incarnation: 2,
    fetchEpoch: 5,
    ranges: [{ topic: 't', partition: 1, store, segments: emptyLog(), from: 3, to: 7, aborted: [] }],
    outOfRange: [],
  };
  const emptyFetch: NetworkMessage = {
    kind: 'fetch',
    arriveTick: 9,
    consumer: 'c',
    incarnation: 2,
    fetchEpoch: 6,
    maxRecords: 500,
    isolation: 'read_uncommitted',
    positions: [],
    expireTick: 14,
  };

  it('projects each message with its addresses, its record count and an id that names it', () => {
    const { messages, omitted } = sceneMessages([produce(4, 8), commit(9), commit(9), fetchResponse, emptyFetch]);
    expect(omitted).toBe(0);
    expect(messages).toEqual([
      { id: 'produce:4:8', kind: 'produce', from: 'producer:p', to: 'partition:t/0', arriveTick: 8, records: 1 },
      { id: 'commit:c:2:9', kind: 'commit', from: 'consumer:c', to: 'group:g', arriveTick: 9, records: 0 },
      { id: 'commit:c:2:9#1', kind: 'commit', from: 'consumer:c', to: 'group:g', arriveTick: 9, records: 0 },
      { id: 'fetch-response:c:2:5', kind: 'fetch-response', from: 'partition:t/1', to: 'consumer:c', arriveTick: 9, records: 4 },
      { id: 'fetch:c:2:6', kind: 'fetch', from: 'consumer:c', to: 'broker:1', arriveTick: 9, records: 0 },
    ]);
  });

  it('a transactional producer’s requests travel to and from its coordinator’s broker; one sent while no broker coordinates is not drawn', () => {
    const request = (broker: number): NetworkMessage => ({
      kind: 'txn-request',
      arriveTick: 7,
      broker,
      producer: 'billing',
      requestId: 12,
      transactionalId: 'billing',
      op: 'end',
      producerId: 1,
      producerEpoch: 0,
      timeoutTicks: 40,
      commit: true,
      offsets: null,
    });
    const response: NetworkMessage = {
      kind: 'txn-response',
      arriveTick: 8,
      broker: 2,
      producer: 'billing',
      requestId: 12,
      op: 'end',
      error: null,
      producerId: 1,
      producerEpoch: 1,
    };
    expect(sceneMessages([request(2), response, request(-1)]).messages).toEqual([
      { id: 'txn-request:12:7', kind: 'txn-request', from: 'producer:billing', to: 'broker:2', arriveTick: 7, records: 0 },
      { id: 'txn-response:12:8', kind: 'txn-response', from: 'broker:2', to: 'producer:billing', arriveTick: 8, records: 0 },
    ]);
  });

  it('over the limit, keeps the messages that carry records first, in send order, and counts the rest', () => {
    const { messages, omitted } = sceneMessages([commit(5), produce(1, 5), commit(6), produce(2, 6), commit(7)], 3);
    expect(messages.map((m) => m.id)).toEqual(['commit:c:2:5', 'produce:1:5', 'produce:2:6']);
    expect(omitted).toBe(2);
  });

  it('a message keeps its id from frame to frame while it is in flight', () => {
    // A slow network keeps messages on the wire for several ticks.
    const timeline = new Timeline({ networkDelayTicks: 4, jitterTicks: 2 });
    timeline.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
    timeline.apply({ kind: 'startProducer', name: 'p', topic: 't', count: 20, keys: ['a', 'b', 'c'] });
    timeline.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], commitMode: 'after', offsetReset: 'earliest' });
    let previous = new Map<NetworkMessage, string>();
    let followed = 0;
    for (let t = 0; t < 80; t++) {
      const ids = sceneOf(timeline.world).messages.map((m) => m.id);
      expect(new Set(ids).size, `tick ${t}: ids are unique`).toBe(ids.length);
      const current = new Map(timeline.world.network.map((m, i) => [m, ids[i] as string]));
      for (const [message, id] of current) {
        const before = previous.get(message);
        if (before !== undefined) {
          followed += 1;
          expect(id, `tick ${t}`).toBe(before);
        }
      }
      previous = current;
      timeline.step();
    }
    expect(followed).toBeGreaterThan(20);
  });
});

describe('group colours', () => {
  it('a group keeps its colour when a group that sorts before it appears: colours follow the order groups were created in', () => {
    const cells = [
      'kafka-topics --create --topic orders --partitions 2\nsim consumer start shipping-1 --group shipping --topic orders\nsim tick 5',
      'sim consumer start inventory-1 --group inventory --topic orders\nsim tick 5',
      'kafka-console-consumer --topic orders --group audit --from-beginning',
    ];
    const colours = (upTo: number) => {
      const kernel = new NotebookKernel(1, cells);
      kernel.runCells(cells.slice(0, upTo + 1).map((_, i) => i));
      return Object.fromEntries(kernel.frame(kernel.headTick).scene.groups.map((g) => [g.id, g.colour]));
    };
    // Created in the order shipping, inventory, audit (by hand from the cells), whatever their names sort to.
    expect(colours(0)).toEqual({ shipping: 0 });
    expect(colours(1)).toEqual({ inventory: 1, shipping: 0 });
    expect(colours(2)).toEqual({ audit: 2, inventory: 1, shipping: 0 });
  });
});
