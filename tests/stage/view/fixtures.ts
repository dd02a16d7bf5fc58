/** Hand-made scenes for the view tests: every field defaulted, so a test states only what it is about. */
import type {
  Frame,
  Scene,
  SceneConsumer,
  SceneGroup,
  SceneMessage,
  ScenePartition,
  SceneProducer,
  SceneRecord,
  StageEvent,
} from '../../../site/stage/protocol.ts';

/** Records [from, to) of a partition, keys cycling through `keys` (null: key-less). */
export function records(from: number, to: number, keys: readonly (string | null)[] = ['k']): SceneRecord[] {
  const out: SceneRecord[] = [];
  for (let offset = from; offset < to; offset++) out.push({ offset, key: keys[offset % keys.length] ?? null, value: `v${offset}`, marker: null, txn: null });
  return out;
}

export function partition(over: Partial<ScenePartition> & { readonly logEnd: number }): ScenePartition {
  const logStart = over.logStart ?? 0;
  return {
    topic: 'orders',
    partition: 0,
    logStart,
    highWatermark: over.logEnd,
    leader: 1,
    leaderEpoch: 0,
    replicas: [{ broker: 1, logEnd: over.logEnd, leader: true, inIsr: true, inElr: false, down: false, divergesAt: null }],
    isr: [1],
    elr: [],
    lastKnownElr: [],
    lastStable: over.highWatermark ?? over.logEnd,
    segmentStarts: [],
    cleaned: [],
    records: records(logStart, over.logEnd),
    ...over,
  };
}

export function producer(name: string, over: Partial<SceneProducer> = {}): SceneProducer {
  return {
    name,
    topic: 'orders',
    status: 'running',
    console: false,
    emitted: 0,
    acked: 0,
    failed: 0,
    lost: null,
    transactionalId: null,
    transaction: null,
    ...over,
  };
}

export function group(id: string, over: Partial<SceneGroup> = {}): SceneGroup {
  return {
    id,
    state: 'Stable',
    generation: 1,
    colour: 0,
    members: [],
    committed: [],
    ledger: { processed: 0, distinct: 0, duplicated: 0, skipped: 0, duplicatedRecords: [], skippedRecords: [] },
    ...over,
  };
}

export function consumer(name: string, groupId: string, over: Partial<SceneConsumer> = {}): SceneConsumer {
  return {
    name,
    group: groupId,
    status: 'running',
    phase: 'fetching',
    memberId: `${name}-0000`,
    console: false,
    assignment: [],
    positions: [],
    processing: null,
    pending: [],
    ...over,
  };
}

export function message(over: Partial<SceneMessage> & Pick<SceneMessage, 'id' | 'from' | 'to'>): SceneMessage {
  return { kind: 'produce', arriveTick: 1, records: 1, ...over };
}

export function scene(over: Partial<Scene> = {}): Scene {
  return {
    tick: 0,
    brokers: [{ id: 1, status: 'running', fenced: false, slow: false, leads: 0 }],
    producers: [],
    topics: [],
    groups: [],
    consumers: [],
    messages: [],
    messagesOmitted: 0,
    partitionsOmitted: 0,
    table: [],
    ...over,
  };
}

export function frame(tick: number, events: readonly StageEvent[], sceneOver: Partial<Scene> = {}): Frame {
  return { tick, scene: scene({ tick, ...sceneOver }), events };
}

/**
 * The lesson-sized scene of the performance budget: 3 partitions of 30 records, 2 groups of 2
 * members, a producer, positions and commits spread along the logs.
 */
export function lessonScene(): Scene {
  const parts = [0, 1, 2].map((p) => partition({ partition: p, logEnd: 30, records: records(0, 30, ['alice', 'bob', 'carol', null]) }));
  const tp = (p: number) => ({ topic: 'orders', partition: p });
  const member = (name: string, ps: number[]) => ({ memberId: `${name}-0000`, consumer: name, clientId: name, assignment: ps.map(tp) });
  return scene({
    tick: 40,
    producers: [producer('web', { emitted: 90, acked: 88 })],
    topics: [{ name: 'orders', partitions: parts }],
    groups: [
      group('billing', { members: [member('bill-1', [0, 1]), member('bill-2', [2])], committed: [0, 1, 2].map((p) => ({ ...tp(p), offset: 20 + p })) }),
      group('shipping', { members: [member('ship-1', [0, 1]), member('ship-2', [2])], committed: [0, 1, 2].map((p) => ({ ...tp(p), offset: 5 + p })) }),
    ],
    consumers: [
      consumer('bill-1', 'billing', {
        assignment: [tp(0), tp(1)],
        positions: [
          { ...tp(0), offset: 24 },
          { ...tp(1), offset: 25 },
        ],
        processing: { ...tp(0), offset: 22 },
        phase: 'processing',
      }),
      consumer('bill-2', 'billing', { assignment: [tp(2)], positions: [{ ...tp(2), offset: 26 }] }),
      consumer('ship-1', 'shipping', {
        assignment: [tp(0), tp(1)],
        positions: [
          { ...tp(0), offset: 9 },
          { ...tp(1), offset: 10 },
        ],
      }),
      consumer('ship-2', 'shipping', { assignment: [tp(2)], status: 'crashed' }),
    ],
    messages: [
      message({ id: 'p1', from: 'producer:web', to: 'partition:orders/0', arriveTick: 41 }),
      message({ id: 'f1', kind: 'fetch-response', from: 'partition:orders/2', to: 'consumer:bill-2', arriveTick: 42, records: 3 }),
      message({ id: 'c1', kind: 'commit', from: 'consumer:ship-1', to: 'group:shipping', arriveTick: 41, records: 0 }),
    ],
  });
}
