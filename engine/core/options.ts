/**
 * The world's options: every duration is in ticks (units last), every probability in [0, 1].
 *
 * One tick stands for `tickMs` milliseconds of Kafka time: record timestamps and time-based
 * configs such as `retention.ms` are converted with it, so those names keep their meaning.
 * Protocol timeouts are Kafka's defaults *shortened* so that a lesson's story (a crash, a
 * session timeout, a rebalance) fits in a few hundred ticks; each names the Kafka config and
 * default it stands for.
 */
export interface WorldOptions {
  /** Seed of the world's one PRNG; same seed + same commands ⇒ the same event trace. */
  readonly seed: number;
  /** Milliseconds of Kafka time per tick (record timestamps, `retention.ms`). */
  readonly tickMs: number;
  /** Kafka time of tick 0, in epoch milliseconds (2026-01-01T00:00:00Z), so timestamps look real. */
  readonly epochMs: number;
  /** Ticks one network hop takes (client ⇄ broker): records are visibly in flight. */
  readonly networkDelayTicks: number;
  /** Up to this many extra ticks per hop, drawn from the world's PRNG (0 = none). */
  readonly jitterTicks: number;
  /** `session.timeout.ms` (Kafka 45000): a silent member is expelled after this long. */
  readonly sessionTimeoutTicks: number;
  /** `heartbeat.interval.ms` (Kafka 3000): how often a live member heartbeats. */
  readonly heartbeatIntervalTicks: number;
  /** `group.initial.rebalance.delay.ms` (Kafka 3000): the least time a rebalance stays open for members to rejoin. */
  readonly rebalanceDelayTicks: number;
  /** `auto.commit.interval.ms` (Kafka 5000): default interval of commit mode `auto`. */
  readonly autoCommitIntervalTicks: number;
  /** `max.poll.records` (Kafka 500): default records per poll batch. */
  readonly maxPollRecords: number;
  /** `fetch.max.wait.ms` (Kafka 500): how long the broker parks an empty fetch before answering. */
  readonly fetchMaxWaitTicks: number;
  /** Default processing time per record of a `sim consumer` application. */
  readonly processTicks: number;
  /** `request.timeout.ms` (Kafka 30000): a producer retries a request unanswered for this long. */
  readonly requestTimeoutTicks: number;
  /** `retries` (Kafka: effectively unbounded within delivery.timeout.ms): resends before a record fails. */
  readonly retries: number;
  /** `batch.size` (Kafka 16384): bytes a keyless producer sends to its sticky partition before switching. */
  readonly batchSizeBytes: number;
  /** `broker.session.timeout.ms` (Kafka 9000): the controller fences a broker whose heartbeats stopped this long ago. */
  readonly brokerSessionTimeoutTicks: number;
  /** `replica.lag.time.max.ms` (Kafka 30000): a follower not caught up for this long leaves the ISR (checked every half of it). */
  readonly replicaLagTimeTicks: number;
  /** `leader.imbalance.check.interval.seconds` (Kafka 300): how often the controller moves leadership back to preferred replicas. */
  readonly leaderImbalanceCheckTicks: number;
  /** `unclean.leader.election.interval.ms` (Kafka 300000): how often the controller tries unclean elections for leaderless partitions. */
  readonly uncleanElectionCheckTicks: number;
  /** `log.cleaner.backoff.ms` (Kafka 15000): each broker's log cleaner looks for a log to clean at every multiple of this. */
  readonly logCleanerBackoffTicks: number;
  /** Extra ticks each fetch of a `sim broker slow` follower takes (a broker with a failing disk or a saturated link). */
  readonly slowBrokerTicks: number;
  /** `transaction.timeout.ms` (Kafka 60000): the coordinator aborts a transaction open longer than this. */
  readonly transactionTimeoutTicks: number;
  /** `transaction.abort.timed.out.transaction.cleanup.interval.ms` (Kafka 10000): how often the coordinator looks for timed-out transactions. */
  readonly transactionAbortCheckTicks: number;
  /** Fault injection: probability that a produce request is lost on the way to the broker. */
  readonly requestLossRate: number;
  /** Fault injection: probability that a produce response is lost on the way back (the record *was* appended). */
  readonly responseLossRate: number;
}

/** Kafka 4.x defaults, shortened to lesson scale where the comment on each field says so. */
export const DEFAULT_OPTIONS: WorldOptions = {
  seed: 1,
  tickMs: 100,
  epochMs: 1_767_225_600_000,
  networkDelayTicks: 1,
  jitterTicks: 0,
  sessionTimeoutTicks: 30,
  heartbeatIntervalTicks: 3,
  rebalanceDelayTicks: 3,
  autoCommitIntervalTicks: 10,
  maxPollRecords: 500,
  fetchMaxWaitTicks: 5,
  processTicks: 1,
  requestTimeoutTicks: 10,
  retries: 5,
  batchSizeBytes: 16_384,
  brokerSessionTimeoutTicks: 6,
  replicaLagTimeTicks: 10,
  leaderImbalanceCheckTicks: 30,
  uncleanElectionCheckTicks: 30,
  slowBrokerTicks: 15,
  transactionTimeoutTicks: 40,
  transactionAbortCheckTicks: 7,
  logCleanerBackoffTicks: 15,
  requestLossRate: 0,
  responseLossRate: 0,
};

/** Options with every field not given taken from the defaults. */
export function resolveOptions(options: Partial<WorldOptions> = {}): WorldOptions {
  return { ...DEFAULT_OPTIONS, ...options };
}
