/**
 * Events: every change the world makes, as data. Each names its tick, a source and a
 * destination (addresses below), so the view can animate it without knowing engine internals.
 */
import type { ProducedRecord } from './record-store.ts';
import type { AssignorName, GroupStateName, TopicPartition } from './types.ts';

/** Addresses of the things a view draws. */
export const address = {
  producer: (name: string) => `producer:${name}`,
  consumer: (name: string) => `consumer:${name}`,
  partition: (topic: string, partition: number) => `partition:${topic}/${partition}`,
  topic: (topic: string) => `topic:${topic}`,
  group: (group: string) => `group:${group}`,
  broker: (id: number) => `broker:${id}`,
  /** Administrative tools (kafka-topics, kafka-consumer-groups) and simulator controls. */
  admin: 'admin',
} as const;

interface Shape<K extends string, P> {
  readonly tick: number;
  readonly kind: K;
  readonly source: string;
  readonly destination: string;
  readonly payload: P;
}

type OffsetList = readonly { readonly topic: string; readonly partition: number; readonly offset: number }[];

export type WorldEvent =
  | Shape<'world.seeded', { readonly seed: number }>
  | Shape<'topic.created', { readonly topic: string; readonly partitions: number; readonly configs: Record<string, string> }>
  | Shape<'topic.deleted', { readonly topic: string }>
  | Shape<'partitions.added', { readonly topic: string; readonly from: number; readonly to: number }>
  | Shape<
      'records.deleted',
      { readonly topic: string; readonly partition: number; readonly from: number; readonly to: number; readonly reason: 'retention.ms' | 'retention.bytes' }
    >
  | Shape<
      'log.cleaned',
      {
        readonly topic: string;
        readonly partition: number;
        /** The cleaned range: from the log start to the cleaner's new checkpoint. */
        readonly from: number;
        readonly to: number;
        /** Records this cleaning removed (older records of a key, and tombstones past their delete horizon). */
        readonly removed: number;
      }
    >
  | Shape<'producer.started', { readonly producer: string; readonly topic: string }>
  | Shape<'producer.stopped', { readonly producer: string; readonly acked: number; readonly failed: number }>
  | Shape<'producer.finished', { readonly producer: string; readonly acked: number; readonly failed: number }>
  | Shape<
      'records.sent',
      { readonly requestId: number; readonly topic: string; readonly partition: number; readonly attempt: number; readonly records: readonly ProducedRecord[] }
    >
  | Shape<'request.lost', { readonly requestId: number; readonly topic: string; readonly partition: number }>
  | Shape<
      'records.appended',
      { readonly requestId: number; readonly topic: string; readonly partition: number; readonly baseOffset: number; readonly count: number }
    >
  | Shape<'records.deduplicated', { readonly requestId: number; readonly topic: string; readonly partition: number; readonly count: number }>
  | Shape<
      'produce.acked',
      { readonly requestId: number; readonly topic: string; readonly partition: number; readonly baseOffset: number; readonly count: number }
    >
  | Shape<'response.lost', { readonly requestId: number; readonly topic: string; readonly partition: number }>
  | Shape<
      'produce.retried',
      /** `broker`: where the request last went (-1: nowhere yet, no leader known). */
      {
        readonly requestId: number;
        readonly topic: string;
        readonly partition: number;
        readonly attempt: number;
        readonly error: string;
        readonly broker: number;
      }
    >
  | Shape<
      'produce.failed',
      {
        readonly requestId: number;
        readonly topic: string;
        readonly partition: number;
        readonly count: number;
        readonly error: string;
        readonly broker: number;
      }
    >
  | Shape<'consumer.started', { readonly consumer: string; readonly group: string; readonly topics: readonly string[] }>
  | Shape<'consumer.stopped', { readonly consumer: string; readonly group: string }>
  | Shape<'consumer.crashed', { readonly consumer: string; readonly group: string; readonly lostPositions: OffsetList }>
  | Shape<'consumer.restarted', { readonly consumer: string; readonly group: string }>
  | Shape<'member.joined', { readonly group: string; readonly memberId: string; readonly consumer: string }>
  | Shape<'member.heartbeat', { readonly group: string; readonly memberId: string }>
  | Shape<'member.left', { readonly group: string; readonly memberId: string }>
  | Shape<'member.expired', { readonly group: string; readonly memberId: string; readonly silentTicks: number }>
  | Shape<'rebalance.started', { readonly group: string; readonly reason: string; readonly generation: number }>
  | Shape<'member.rejoined', { readonly group: string; readonly memberId: string }>
  | Shape<'partition.revoked', { readonly group: string; readonly memberId: string; readonly topic: string; readonly partition: number }>
  | Shape<'partition.assigned', { readonly group: string; readonly memberId: string; readonly topic: string; readonly partition: number }>
  | Shape<
      'rebalance.completed',
      {
        readonly group: string;
        readonly generation: number;
        readonly assignor: AssignorName;
        readonly assignment: Readonly<Record<string, readonly TopicPartition[]>>;
      }
    >
  | Shape<'group.state.changed', { readonly group: string; readonly from: GroupStateName; readonly to: GroupStateName }>
  | Shape<
      'offset.reset',
      {
        readonly group: string;
        readonly consumer: string;
        readonly topic: string;
        readonly partition: number;
        readonly offset: number;
        readonly policy: 'earliest' | 'latest';
        readonly reason: 'no committed offset' | 'out of range';
      }
    >
  | Shape<'fetch.sent', { readonly consumer: string; readonly positions: OffsetList }>
  | Shape<'records.fetched', { readonly consumer: string; readonly topic: string; readonly partition: number; readonly from: number; readonly to: number }>
  | Shape<'records.delivered', { readonly consumer: string; readonly topic: string; readonly partition: number; readonly from: number; readonly to: number }>
  | Shape<
      'processing.started',
      { readonly consumer: string; readonly group: string; readonly topic: string; readonly partition: number; readonly offset: number }
    >
  | Shape<
      'record.processed',
      { readonly consumer: string; readonly group: string; readonly topic: string; readonly partition: number; readonly offset: number }
    >
  | Shape<'commit.sent', { readonly consumer: string; readonly group: string; readonly offsets: OffsetList }>
  | Shape<'offsets.committed', { readonly group: string; readonly consumer: string; readonly offsets: OffsetList }>
  | Shape<'commit.rejected', { readonly group: string; readonly consumer: string; readonly error: string }>
  | Shape<'commit.acknowledged', { readonly group: string; readonly consumer: string; readonly error: string | null }>
  | Shape<'group.offsets.reset', { readonly group: string; readonly offsets: OffsetList }>
  | Shape<'group.deleted', { readonly group: string }>
  | Shape<'replica.fetched', { readonly topic: string; readonly partition: number; readonly broker: number; readonly from: number; readonly to: number }>
  | Shape<'high-watermark.moved', { readonly topic: string; readonly partition: number; readonly from: number; readonly to: number }>
  | Shape<'topic.configured', { readonly topic: string; readonly configs: Record<string, string> }>
  | Shape<'cluster.configured', { readonly brokers: readonly number[] }>
  | Shape<'broker.added', { readonly broker: number }>
  /** The process died; the controller fences it at `fenceTick` unless it already is fenced (-1). */
  | Shape<'broker.crashed', { readonly broker: number; readonly fenceTick: number }>
  | Shape<'broker.stopped', { readonly broker: number }>
  | Shape<'broker.restarted', { readonly broker: number }>
  | Shape<'broker.fenced', { readonly broker: number; readonly reason: string }>
  | Shape<'broker.unfenced', { readonly broker: number }>
  | Shape<'broker.slowed', { readonly broker: number; readonly slow: boolean }>
  | Shape<
      'leader.elected',
      {
        readonly topic: string;
        readonly partition: number;
        readonly leader: number;
        /** -1: the partition had no leader. */
        readonly previous: number;
        readonly epoch: number;
        readonly cause: 'clean' | 'unclean' | 'preferred' | 'elr' | 'last-known-leader';
        readonly reason: string;
      }
    >
  | Shape<
      'partition.offline',
      { readonly topic: string; readonly partition: number; readonly previous: number; readonly epoch: number; readonly reason: string }
    >
  | Shape<
      'isr.changed',
      {
        readonly topic: string;
        readonly partition: number;
        readonly from: readonly number[];
        readonly to: readonly number[];
        readonly elr: readonly number[];
        readonly lastKnownElr: readonly number[];
        readonly reason: string;
      }
    >
  /** The partition's log (its new leader's) no longer holds the old leader's records [to, from). */
  | Shape<
      'log.truncated',
      { readonly topic: string; readonly partition: number; readonly from: number; readonly to: number; readonly belowHighWatermark: boolean }
    >
  /** A follower cut its log back to where it agrees with its leader's. */
  | Shape<'replica.truncated', { readonly topic: string; readonly partition: number; readonly broker: number; readonly from: number; readonly to: number }>
  | Shape<'coordinator.moved', { readonly group: string; readonly from: number; readonly to: number }>
  /** The transaction coordinator gave a transactional.id its producer id and (new) epoch. */
  | Shape<'producer.initialized', { readonly transactionalId: string; readonly producerId: number; readonly producerEpoch: number }>
  /** A transactional producer learnt that a newer epoch of its transactional.id exists (ProducerFencedException). */
  | Shape<
      'producer.fenced',
      { readonly producer: string; readonly transactionalId: string; readonly producerId: number; readonly producerEpoch: number; readonly error: string }
    >
  | Shape<'transaction.started', { readonly transactionalId: string; readonly producerId: number; readonly producerEpoch: number }>
  /** The coordinator decided the transaction's outcome (PrepareCommit / PrepareAbort); markers follow. */
  | Shape<
      'transaction.ending',
      {
        readonly transactionalId: string;
        readonly producerId: number;
        readonly producerEpoch: number;
        readonly result: 'COMMIT' | 'ABORT';
        readonly reason: string;
        readonly partitions: readonly TopicPartition[];
        readonly groups: readonly string[];
      }
    >
  /** Every marker is written (CompleteCommit / CompleteAbort). */
  | Shape<'transaction.completed', { readonly transactionalId: string; readonly producerId: number; readonly result: 'COMMIT' | 'ABORT' }>
  /** The producer heard its EndTxn answered (or ended an empty transaction locally). */
  | Shape<'transaction.ended', { readonly producer: string; readonly transactionalId: string; readonly result: 'COMMIT' | 'ABORT' }>
  | Shape<
      'marker.written',
      {
        readonly topic: string;
        readonly partition: number;
        readonly offset: number;
        readonly type: 'COMMIT' | 'ABORT';
        readonly producerId: number;
        readonly producerEpoch: number;
      }
    >
  /** TxnOffsetCommit: offsets held for the group until the transaction's marker. */
  | Shape<'offsets.pending', { readonly group: string; readonly transactionalId: string; readonly offsets: OffsetList }>
  /** A processor's transaction aborted (or it was fenced): it reads again from the committed offsets. */
  | Shape<'processor.rewound', { readonly consumer: string; readonly group: string; readonly positions: OffsetList }>
  | Shape<'faults.configured', { readonly requestLossRate: number; readonly responseLossRate: number; readonly jitterTicks: number }>;

export type WorldEventKind = WorldEvent['kind'];

/** Collects the events of one step, stamping each with the world's tick. */
export class EventLog {
  readonly events: WorldEvent[] = [];
  readonly #clock: { readonly tick: number };
  constructor(clock: { readonly tick: number }) {
    this.#clock = clock;
  }

  emit<K extends WorldEventKind>(kind: K, source: string, destination: string, payload: Extract<WorldEvent, { kind: K }>['payload']): void {
    this.events.push({ tick: this.#clock.tick, kind, source, destination, payload } as WorldEvent);
  }
}
