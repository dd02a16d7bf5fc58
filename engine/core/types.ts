/**
 * The shape of the broker world. The world is a plain mutable object owned by one
 * simulation: rules mutate it in place and report every change as events (a million records
 * a second rules out copying per step); the history keeps it immutable in effect by cloning
 * at checkpoints (`cloneWorld`). Everything here is plain data except the shared record and
 * ledger stores, which are append-only.
 */
import type { WorldOptions } from './options.ts';
import type { Rng } from './random.ts';
import type { ProducedRecord, RecordStore } from './record-store.ts';
import type { LedgerColumns } from './ledger.ts';
import type { ProducerLedgerColumns } from './producer-ledger.ts';
import type { LogSegments } from './log-segments.ts';
import type { TopicLogConfig } from './rules/topic-configs.ts';

/** Kafka's partition assignors for the classic protocol (`partition.assignment.strategy`). */
export type AssignorName = 'range' | 'roundrobin' | 'sticky';
/** What a consumer does when it has no valid offset (`auto.offset.reset`). */
export type OffsetResetPolicy = 'earliest' | 'latest';
/**
 * Commit modes, each per poll batch as a real poll loop does:
 * `auto` commits the last poll's position every interval; `after` processes then commits
 * (at-least-once); `before` commits then processes (at-most-once); `close` commits only what
 * was processed when the consumer closes (the console consumer); `none` never commits.
 */
export type CommitMode = 'auto' | 'after' | 'before' | 'close' | 'none';
/** Producer `acks`: 0 = fire and forget, 1 = leader appended, all = every in-sync replica appended. */
export type Acks = 0 | 1 | 'all';
/** A consumer's `isolation.level`: read up to the high watermark, or only up to the last stable offset and without aborted records. */
export type IsolationLevel = 'read_uncommitted' | 'read_committed';
/** Kafka group states as the tools print them. */
export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** `topic-partition`, as Kafka's TopicPartition.toString() prints it; unique because partitions are numbers. */
export type PartitionKey = string;

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** Shared with snapshots; read only below `logEndOffset`. */
  store: RecordStore;
  logStartOffset: number;
  logEndOffset: number;
  /**
   * The offset below which every in-sync replica holds the records: what consumers may read and
   * what `acks=all` waits for. With one replica it is the log end, moved by every append.
   */
  highWatermark: number;
  /** Bytes retained between log start and log end (for `retention.bytes`): the sum of its segments' bytes. */
  retainedBytes: number;
  /** The log's segments (log-segments.ts), replaced, never changed: what retention deletes and the cleaner rewrites. */
  segments: LogSegments;
  /** The leading broker, or -1 when the partition has none (offline). */
  leader: number;
  /** Bumped by every leader change (Kafka's leader epoch): a follower truncates to what the leader of the newest epoch holds. */
  leaderEpoch: number;
  replicas: readonly number[];
  isr: readonly number[];
  /**
   * Eligible leader replicas (KIP-966, on in 4.1): replicas that left the ISR while it was below
   * `min.insync.replicas`, so they hold every committed record and may still be elected cleanly.
   */
  elr: readonly number[];
  /** The last leader, kept while the partition has no ISR (KIP-966's balanced recovery: it may lead again when it returns). */
  lastKnownElr: readonly number[];
  /**
   * Idempotent producers, per producer id: its epoch and the last sequence appended in that epoch,
   * to drop retried duplicates and fence batches of an older epoch. Entries are replaced, never
   * changed in place (snapshots share them).
   */
  lastSequence: Map<number, { readonly epoch: number; readonly sequence: number }>;
  /** Each follower replica's fetching from the leader, by broker id (empty with one replica). Entries are replaced, never changed. */
  followers: Map<number, FollowerState>;
  /** `acks=all` produce requests appended but not yet acknowledged: each waits for the high watermark to pass its records. */
  pendingAcks: readonly PendingAck[];
  /** The leader's log end when its epoch began: a follower rejoins the ISR only once it reached this (Partition.isFollowerInSync). */
  leaderEpochStartOffset: number;
  /**
   * Transactions that hold the last stable offset back (ProducerStateManager's ongoing and
   * unreplicated transactions), by first offset: open ones, and ended ones whose marker the high
   * watermark has not passed yet. Replaced, never changed in place.
   */
  txns: readonly PartitionTxn[];
  /** The aborted transaction index: what a read_committed fetch must skip. Replaced, never changed in place. */
  abortedTxns: readonly AbortedTxn[];
}

/** One producer's transaction in one partition, from its first record to its marker. */
export interface PartitionTxn {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly firstOffset: number;
  /** The offset of its COMMIT or ABORT marker, or -1 while it is open. */
  readonly markerOffset: number;
  /** The tick of its last record here (Kafka's lastTimestamp: `kafka-transactions find-hanging` measures from it). */
  readonly lastTick: number;
}

/** An entry of Kafka's aborted transaction index: the producer's records in [firstOffset, lastOffset] are aborted (lastOffset is the marker). */
export interface AbortedTxn {
  readonly producerId: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

/**
 * A follower replica copying its leader's log, as a Kafka follower's fetcher thread does: it
 * sends a fetch from its log end, the leader answers with what it has past that offset (or holds
 * the fetch until it has something), and the follower appends and fetches again. Records are the
 * leader's (a follower's log is a prefix of the partition's store).
 */
export interface FollowerState {
  /** The follower's own log end. */
  readonly logEnd: number;
  /** The follower's log end as the leader last heard it (the offset of its last fetch): what the high watermark counts. */
  readonly leaderView: number;
  /**
   * `fetching`: a fetch or its answer is on the wire; `waiting`: a caught-up fetch held at the
   * leader until records arrive; `idle`: its broker is down, or it has just become a follower and
   * fetches at the next tick.
   */
  readonly state: 'fetching' | 'waiting' | 'idle';
  /**
   * The store whose records [0, logEnd) are this replica's log. It is the partition's store while
   * the follower copies the current leader; after a leader change it may still be an older one,
   * with records the new leader never had past some offset, which the follower truncates on its
   * first fetch (Kafka's divergence check on the leader epoch).
   */
  readonly store: RecordStore;
  /** Kafka's `lastCaughtUpTimeMs`, in ticks: the last time it had everything the leader had. Out of the ISR once this is `replicaLagTimeTicks` old. */
  readonly lastCaughtUpTick: number;
  /** The leader's log end and the tick when it last fetched (Kafka's `lastFetchLeaderLogEndOffset`, `lastFetchTimeMs`). */
  readonly lastFetchLeaderEnd: number;
  readonly lastFetchTick: number;
  /** Numbers its fetch loop: a new leader or a restart starts a new one, and messages of an older loop are dropped. */
  readonly session: number;
}

/** An `acks=all` produce request the leader appended and answers once the high watermark reaches `endOffset`. */
export interface PendingAck {
  readonly producer: string;
  readonly requestId: number;
  readonly baseOffset: number;
  readonly endOffset: number;
}

export interface TopicState {
  readonly name: string;
  /** Kafka's 22-character topic id. */
  readonly id: string;
  partitions: PartitionState[];
  readonly replicationFactor: number;
  /** Configs set at creation, in the order given (`retention.ms=…`). */
  readonly configs: ReadonlyMap<string, string>;
  readonly retentionMs: number | null;
  readonly retentionBytes: number | null;
  /** Segment, cleanup and cleaner configs with Kafka's defaults filled in. */
  readonly logConfig: TopicLogConfig;
}

export interface CommittedOffset {
  readonly offset: number;
  readonly tick: number;
}

export interface MemberState {
  /** Classic protocol: `clientId-UUID`. */
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** The consumer application this member belongs to. */
  readonly consumer: string;
  readonly topics: readonly string[];
  readonly assignor: AssignorName;
  lastHeartbeatTick: number;
  assignment: TopicPartition[];
  /** True once the member rejoined the current rebalance. */
  rejoined: boolean;
}

export interface RebalanceState {
  readonly startedTick: number;
  readonly reason: string;
}

export interface GroupState {
  readonly id: string;
  state: GroupStateName;
  generation: number;
  /** The assignor chosen at the last rebalance (the leader's). */
  protocol: AssignorName | null;
  members: Map<string, MemberState>;
  offsets: Map<PartitionKey, CommittedOffset>;
  rebalance: RebalanceState | null;
  /** Where the group first started reading each partition: the ledger counts skips from here. */
  startOffsets: Map<PartitionKey, number>;
  /** Shared ledger columns; entries below `ledgerLength` belong to this timeline. */
  ledger: LedgerColumns;
  ledgerLength: number;
  /** The broker whose `__consumer_offsets` partition holds the group (-1: none available). */
  coordinator: number;
  /**
   * Offsets committed inside transactions not yet ended, by producer id (TxnOffsetCommit's pending
   * offsets): they become the group's at the COMMIT marker and vanish at ABORT. Entries replaced.
   */
  pendingTxnOffsets: Map<number, readonly { readonly topic: string; readonly partition: number; readonly offset: number }[]>;
}

/** A range of records fetched from one partition: [from, to). */
export interface FetchedRange {
  readonly topic: string;
  readonly partition: number;
  readonly store: RecordStore;
  /** The partition's segments when it was read: an offset the cleaner had removed by then is not returned. */
  readonly segments: LogSegments;
  readonly from: number;
  readonly to: number;
  /** read_committed: the aborted transactions overlapping the range, which the consumer skips (FetchResponse's abortedTransactions). */
  readonly aborted: readonly AbortedTxn[];
}

/** The batch a consumer's last poll returned, being processed record by record. */
export interface PollBatch {
  readonly ranges: readonly FetchedRange[];
  rangeIndex: number;
  /** Next offset to process within ranges[rangeIndex]. */
  offset: number;
  /** Tick the record being processed finishes, or -1 when none is under way. */
  busyUntil: number;
}

/** What the console consumer prints: records processed, in order. */
export interface ConsoleCapture {
  readonly maxMessages: number | null;
  readonly records: { readonly topic: string; readonly partition: number; readonly offset: number }[];
  /** Set when the console consumer has its messages (or caught up) and should close. */
  done: boolean;
}

export type ConsumerStatus = 'running' | 'stopping' | 'stopped' | 'crashed';
/** Where a consumer's poll loop is. */
export type ConsumerPhase = 'joining' | 'ready' | 'fetching' | 'processing' | 'committing';

export interface ConsumerApp {
  readonly name: string;
  readonly clientId: string;
  readonly host: string;
  readonly group: string;
  readonly topics: readonly string[];
  readonly commitMode: CommitMode;
  readonly autoCommitIntervalTicks: number;
  readonly processTicks: number;
  readonly maxPollRecords: number;
  readonly offsetReset: OffsetResetPolicy;
  readonly assignor: AssignorName;
  readonly isolation: IsolationLevel;
  /** A consume-transform-produce application: what it writes for each record it processes (null: a plain consumer). */
  readonly processor: ProcessorLink | null;
  status: ConsumerStatus;
  /** How many times it started; member ids are derived from it. */
  incarnation: number;
  memberId: string | null;
  /** The generation whose assignment it holds (-1: none). */
  generation: number;
  assignment: TopicPartition[];
  /** Next offset to fetch per assigned partition (in memory: lost on crash). */
  positions: Map<PartitionKey, number>;
  /** Next offset after the last record processed, per partition. */
  processedUpTo: Map<PartitionKey, number>;
  phase: ConsumerPhase;
  /** Rotates the partition a fetch starts from, so no partition starves. */
  fetchCursor: number;
  /** Numbers each fetch; only the answer to the latest one is used (older ones went stale in a rebalance). */
  fetchEpoch: number;
  batch: PollBatch | null;
  lastAutoCommitTick: number;
  lastHeartbeatTick: number;
  commitsInFlight: number;
  console: ConsoleCapture | null;
  /**
   * read_committed: its group holds transactional offsets not yet committed or aborted for a
   * partition it was assigned (OffsetFetch answered UNSTABLE_OFFSET_COMMIT), so it asks again
   * before it fetches anything.
   */
  awaitingStableOffsets: boolean;
}

/** `sim processor`: the consumer's side of a consume-transform-produce application; its producer has the same name. */
export interface ProcessorLink {
  /** The topic it writes one record to per record it processes. */
  readonly output: string;
  /** The value it writes: `{value}`, `{key}` and `{offset}` are the input record's. */
  readonly transform: string;
  /** One transaction per poll batch with the batch's offsets inside it; otherwise it flushes, then commits. */
  readonly exactlyOnce: boolean;
}

export interface PendingProduce {
  readonly requestId: number;
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ProducedRecord[];
  /** The producer epoch its sequence numbers belong to (the producer's epoch when it was created). */
  producerEpoch: number;
  firstSequence: number;
  attempt: number;
  /** The broker it was last sent to (-1: never sent, the partition had no leader): a timeout names it. */
  broker: number;
  /** Whether any attempt went out to a broker (and so may have been appended). */
  onWire: boolean;
  /** Tick at which an unanswered request is retried (request.timeout.ms); -1 until first sent. */
  timeoutTick: number;
  /**
   * Refused with a retriable transaction error (CONCURRENT_TRANSACTIONS, COORDINATOR_NOT_AVAILABLE):
   * it goes again at `timeoutTick` (retry.backoff.ms: one tick), without counting an attempt.
   */
  backoff: boolean;
  /**
   * Idempotent producers: waiting in line behind an earlier batch to the partition, either
   * refused with OUT_OF_ORDER_SEQUENCE_NUMBER because it overtook that batch, or held back behind
   * a batch of an older epoch; it goes once that batch is answered (or given up).
   */
  waiting: boolean;
}

export type ProducerStatus = 'running' | 'stopped' | 'done' | 'crashed';

/**
 * The client side of a transactional producer (Kafka's TransactionManager, simplified): it
 * initializes once (InitProducerId), then runs one transaction at a time.
 */
export interface TransactionalClient {
  readonly id: string;
  /** `transaction.timeout.ms`, in ticks: the coordinator aborts a transaction open longer than this. */
  readonly timeoutTicks: number;
  /**
   * `initializing`: InitProducerId in flight; `ready`: no transaction; `in-transaction`: sending;
   * `committing`/`aborting`: flushing, then ending it; `fenced`: a newer instance with the same
   * transactional.id took over (ProducerFencedException, fatal).
   */
  state: 'initializing' | 'ready' | 'in-transaction' | 'committing' | 'aborting' | 'fenced';
  /** The transaction can only abort: a send failed or its offsets were refused (an abortable error). */
  abortable: boolean;
  /** Records or offsets were added since the transaction began; an empty transaction ends without a request. */
  started: boolean;
  /** Offsets to add to the transaction before it commits (sendOffsetsToTransaction), or null once sent. */
  offsets: TxnOffsets | null;
  /** The coordinator request in flight; -1: none; -2: one is to be retried at `retryTick`. An answer to any other is dropped. */
  inFlight: number;
  /** How the last transaction ended, until its application took note (set to null). */
  outcome: 'committed' | 'aborted' | null;
  /** Tick at which the in-flight request is sent again when unanswered (or, after a retriable error, retried). */
  retryTick: number;
}

/** The offsets a transactional producer commits for a group, with the member's identity (KIP-447's group metadata). */
export interface TxnOffsets {
  readonly group: string;
  readonly memberId: string | null;
  readonly generation: number;
  readonly offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: number }[];
}

export interface ProducerApp {
  readonly name: string;
  readonly clientId: string;
  readonly topic: string;
  readonly acks: Acks;
  readonly idempotent: boolean;
  /** `retries`: resends of a batch before its records fail (the console producer's is 3, `--message-send-max-retries`). */
  readonly retries: number;
  /** Assigned at start; a transactional producer gets its transactional.id's from the coordinator (InitProducerId). */
  producerId: number;
  /**
   * Numbers the sequences of new batches with `producerId`. An idempotent producer that gives up
   * on a batch bumps it and numbers afresh (as Kafka does), so the gap that batch may leave in its
   * sequence blocks nothing, and the broker fences what is still on the wire from before.
   */
  producerEpoch: number;
  /** Application producers: emit `batch` records every `everyTicks`, `count` in all (null: forever). */
  readonly everyTicks: number;
  readonly count: number | null;
  readonly batch: number;
  readonly keys: readonly string[];
  readonly valueTemplate: string;
  /** One-shot producers (the console producer) send `queued` once and finish when answered. */
  queued: readonly { key: string | null; value: string | null; headers: ProducedRecord['headers'] }[] | null;
  status: ProducerStatus;
  emitted: number;
  nextEmitTick: number;
  acked: number;
  failed: number;
  /** Keyless records stick to one partition until batch.size bytes went there (Kafka's uniform sticky partitioner). */
  stickyPartition: number;
  stickyBytes: number;
  nextSequence: Map<PartitionKey, number>;
  pending: Map<number, PendingProduce>;
  /** The client's metadata: the leader it sends each partition's batches to, until an error makes it ask again. */
  leaders: Map<PartitionKey, number>;
  /** The producer ledger (producer-ledger.ts): shared columns, entries below `ledgerLength` belong to this timeline. */
  ledger: ProducerLedgerColumns;
  ledgerLength: number;
  /** Transactional producers (`transactional.id` set), or null. */
  transactional: TransactionalClient | null;
  /**
   * A processor's outputs of the current tick, not sent yet: the record accumulator sends what
   * was produced together as one batch per partition (linger), not one request per record.
   */
  outbox: ProducedRecord[];
}

/** Messages on the wire between clients and the broker, each arriving at a tick. */
export type NetworkMessage =
  | {
      readonly kind: 'produce';
      readonly arriveTick: number;
      /** The broker the client sent it to: the partition's leader in its metadata. */
      readonly broker: number;
      readonly producer: string;
      readonly producerId: number;
      readonly producerEpoch: number;
      readonly idempotent: boolean;
      /** The producer's transactional.id when the batch belongs to a transaction, else null. */
      readonly transactionalId: string | null;
      readonly acks: Acks;
      readonly requestId: number;
      readonly topic: string;
      readonly partition: number;
      readonly records: readonly ProducedRecord[];
      readonly firstSequence: number;
    }
  | {
      readonly kind: 'produce-response';
      readonly arriveTick: number;
      readonly producer: string;
      readonly requestId: number;
      readonly topic: string;
      readonly partition: number;
      readonly baseOffset: number;
      readonly error: string | null;
    }
  | {
      readonly kind: 'fetch';
      readonly arriveTick: number;
      readonly consumer: string;
      readonly incarnation: number;
      readonly fetchEpoch: number;
      readonly maxRecords: number;
      readonly isolation: IsolationLevel;
      readonly positions: readonly { readonly topic: string; readonly partition: number; readonly offset: number }[];
      /** Tick after which the broker answers even with nothing (fetch.max.wait.ms). */
      readonly expireTick: number;
    }
  | {
      readonly kind: 'fetch-response';
      readonly arriveTick: number;
      readonly consumer: string;
      readonly incarnation: number;
      readonly fetchEpoch: number;
      readonly ranges: readonly FetchedRange[];
      /** Partitions whose requested offset was outside the log (OFFSET_OUT_OF_RANGE). */
      readonly outOfRange: readonly TopicPartition[];
    }
  | {
      /** A follower's fetch from its leader (broker to broker): it holds everything below `offset`. */
      readonly kind: 'replica-fetch';
      readonly arriveTick: number;
      readonly topic: string;
      /** The topic's id: a fetch for a deleted topic must not land on one created again under its name. */
      readonly topicId: string;
      readonly partition: number;
      readonly follower: number;
      readonly session: number;
      readonly offset: number;
    }
  | {
      /** The leader's answer: records [from, to) for the follower to append. */
      readonly kind: 'replica-fetch-response';
      readonly arriveTick: number;
      readonly topic: string;
      readonly topicId: string;
      readonly partition: number;
      readonly follower: number;
      readonly session: number;
      readonly from: number;
      readonly to: number;
      /** The follower's log diverged from the leader's at this offset (an older leader's records): it truncates there first. */
      readonly truncateTo: number | null;
    }
  | {
      readonly kind: 'commit';
      readonly arriveTick: number;
      readonly consumer: string;
      readonly incarnation: number;
      readonly group: string;
      readonly memberId: string | null;
      readonly generation: number;
      readonly offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: number }[];
      /** The id of each committed topic when the commit was sent, as recent OffsetCommit versions name topics. */
      readonly topicIds: Readonly<Record<string, string>>;
    }
  | TxnRequest
  | {
      /** The coordinator's answer to a TxnRequest: the producer id and epoch to use from now on, or an error. */
      readonly kind: 'txn-response';
      readonly arriveTick: number;
      /** The coordinator that answered. */
      readonly broker: number;
      readonly producer: string;
      readonly requestId: number;
      readonly op: TxnRequest['op'];
      readonly error: string | null;
      readonly producerId: number;
      readonly producerEpoch: number;
    }
  | {
      readonly kind: 'commit-response';
      readonly arriveTick: number;
      readonly consumer: string;
      readonly incarnation: number;
      readonly group: string;
      readonly error: string | null;
    };

/**
 * A transactional producer's request to its coordinators: `init` is InitProducerId, `end` is
 * EndTxn (commit or abort), `offsets` is AddOffsetsToTxn with the TxnOffsetCommit that follows it
 * (sent to the transaction's and the group's coordinator in turn; one message here).
 */
export interface TxnRequest {
  readonly kind: 'txn-request';
  readonly arriveTick: number;
  /** The transactional.id's coordinator when the request was sent (-1: none known). */
  readonly broker: number;
  readonly producer: string;
  readonly requestId: number;
  readonly transactionalId: string;
  readonly op: 'init' | 'end' | 'offsets';
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly timeoutTicks: number;
  /** `end`: commit (true) or abort (false). */
  readonly commit: boolean;
  /** `offsets`: what to commit for which group. */
  readonly offsets: TxnOffsets | null;
}

/** A marker the coordinator still owes a partition. */
export interface PendingMarker {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** Kafka's TransactionState names, as `kafka-transactions describe` prints them. */
export type TransactionStateName = 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort' | 'PrepareEpochFence';

/**
 * What the transaction coordinator holds for one transactional.id (TransactionMetadata), kept in
 * the world rather than in `__transaction_state`'s log (like groups). Replaced, never changed in place.
 */
export interface TransactionState {
  readonly transactionalId: string;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly state: TransactionStateName;
  readonly timeoutTicks: number;
  /** When the open transaction began (its first partition was added), or -1. */
  readonly startTick: number;
  readonly lastUpdateTick: number;
  /** Partitions in the transaction, in the order they were added. */
  readonly partitions: readonly TopicPartition[];
  /** Groups whose offsets are in the transaction (their `__consumer_offsets` partitions get markers too). */
  readonly groups: readonly string[];
  /**
   * PrepareCommit / PrepareAbort: the partitions whose markers are not yet safely written, each
   * with the offset its marker went to (-1: not written yet). A marker counts once the high
   * watermark has passed it (WriteTxnMarkers appends with acks=all); one an election cut away is
   * written again.
   */
  readonly pendingPartitions: readonly PendingMarker[];
  readonly pendingGroups: readonly string[];
  /** The producer epoch the markers carry. */
  readonly markerEpoch: number;
}

/** A broker of the cluster, registered with the controller under its id (1, 2, … as Kafka's quickstart numbers them). */
export interface BrokerState {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /**
   * The broker process: `crashed` died at once (kill -9), `stopped` shut down in a controlled way,
   * `starting` was restarted and waits to register (the controller refuses a second registration
   * while the crashed one's session is still valid).
   */
  readonly status: 'running' | 'crashed' | 'stopped' | 'starting';
  /** The controller's view: a fenced broker leads nothing and is in no ISR. A crashed broker stays unfenced until its session times out. */
  readonly fenced: boolean;
  /** The tick at which the controller fences it for missed heartbeats (broker.session.timeout.ms after a crash), or -1. */
  readonly fenceTick: number;
  /** `sim broker slow`: its fetches as a follower take `slowBrokerTicks` longer, so it falls behind busy leaders. */
  readonly slow: boolean;
}

export interface World {
  readonly options: WorldOptions;
  tick: number;
  rng: Rng;
  /**
   * The KRaft controller's own random source (Kafka's `StripedReplicaPlacer` has its own
   * `java.util.Random`): replica placement draws only from it, so the world's other random
   * choices are the same whatever the cluster's shape.
   */
  controllerRng: Rng;
  /** The cluster's brokers by id, ascending; replaced (never changed in place) when one is added, so snapshots share it. */
  brokers: readonly BrokerState[];
  topics: Map<string, TopicState>;
  /**
   * The topics whose names hold '.' or '_', by their name with '.' made '_': the controller's
   * collision check in constant time (a scan per create made a long script quadratic).
   */
  collisionNames: Map<string, string>;
  groups: Map<string, GroupState>;
  /** The transaction coordinators' state, by transactional.id (entries replaced, never changed). */
  transactions: Map<string, TransactionState>;
  consumers: Map<string, ConsumerApp>;
  producers: Map<string, ProducerApp>;
  /** In flight, in send order; a message is handled at its arrive tick. */
  network: NetworkMessage[];
  /** Fetches the broker holds until data arrives or they expire (long polling). */
  parkedFetches: Extract<NetworkMessage, { kind: 'fetch' }>[];
  counters: {
    producerId: number;
    requestId: number;
    consoleProducers: number;
    consoleConsumers: number;
    topicsCreated: number;
    /** Partitions of all topics (kept by applyCommand, checked against LIMITS.partitionsPerWorld). */
    partitions: number;
    /** Records in all logs, log start to log end (kept by the broker and retention, checked against LIMITS.recordsRetained). */
    recordsRetained: number;
  };
  /** Fault-injection rates can be changed at run time (`sim` commands), so they live here. */
  faults: { requestLossRate: number; responseLossRate: number; jitterTicks: number };
}
