/**
 * The glossary: every term a lesson links with `<Term id="…">`, in course order. Definitions are
 * plain text (no Markdown or HTML), one to three sentences, true of Apache Kafka 4.x; a term that
 * only Streamlab has says so.
 */

export interface GlossaryTerm {
  /** The anchor a lesson links to (`<Term id="log-end-offset">`); lowercase words joined by hyphens. */
  readonly id: string;
  /** The name shown on the glossary page ("Log end offset"). */
  readonly term: string;
  /** One to three plain sentences, naming the Kafka config where one exists. */
  readonly definition: string;
  /** Ids of related entries. */
  readonly see?: readonly string[];
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'broker',
    term: 'Broker',
    definition:
      "A Kafka server: it stores partitions and answers the producers' and consumers' requests. A cluster has one or more brokers, and since Kafka 4.0 its metadata is managed by KRaft controllers, without ZooKeeper. Streamlab simulates a single broker unless a lesson starts a cluster (sim cluster).",
    see: ['topic', 'partition', 'replica', 'controller'],
  },
  {
    id: 'record',
    term: 'Record',
    definition:
      'One message in Kafka: an optional key, a value, a timestamp and optional headers. A producer sends it to a topic, and the broker appends it to one partition, where it gets the next offset.',
    see: ['key', 'offset', 'partition'],
  },
  {
    id: 'key',
    term: 'Key',
    definition:
      "The optional part of a record that chooses its partition: records with the same key land in the same partition, so they stay in order. Records without a key are spread over the partitions by the producer's partitioner.",
    see: ['partitioner', 'partition', 'record'],
  },
  {
    id: 'topic',
    term: 'Topic',
    definition:
      'A named stream of records, such as orders, split into one or more partitions. Producers append to it and consumers read it in order; unlike a database table, it cannot be queried.',
    see: ['partition', 'producer', 'consumer'],
  },
  {
    id: 'partition',
    term: 'Partition',
    definition:
      'One ordered, append-only log of a topic. Kafka keeps records in order only within a partition, and in a consumer group each partition is read by one member at a time.',
    see: ['topic', 'offset', 'consumer-group'],
  },
  {
    id: 'offset',
    term: 'Offset',
    definition:
      "A record's position in its partition: 0 for the first record, then 1, 2 and so on. Offsets are never reused, not even after retention has deleted the records.",
    see: ['partition', 'committed-offset', 'log-end-offset'],
  },
  {
    id: 'log-end-offset',
    term: 'Log end offset',
    definition:
      'The offset the next record appended to a partition will get: one past its last record. kafka-get-offsets and the LOG-END-OFFSET column of kafka-consumer-groups, which lag is measured against, show the end of what consumers may read: the high watermark, equal to the log end offset once every in-sync replica has caught up.',
    see: ['offset', 'high-watermark', 'lag'],
  },
  {
    id: 'high-watermark',
    term: 'High watermark',
    definition:
      "The offset below which the leader knows a partition's records are stored on every in-sync replica; consumers only read records below it, and an acks=all write is acknowledged once it has passed it. With a single replica it equals the log end offset.",
    see: ['log-end-offset', 'isr', 'acks'],
  },
  {
    id: 'producer',
    term: 'Producer',
    definition:
      "A client application that sends records to topics, choosing each record's partition with its partitioner. Since Kafka 3.0 a producer is idempotent and waits for acks=all by default.",
    see: ['record', 'partitioner', 'idempotent-producer'],
  },
  {
    id: 'partitioner',
    term: 'Partitioner',
    definition:
      "The producer's rule for choosing a record's partition. For a keyed record the default partitioner takes the murmur2 hash of the key bytes modulo the number of partitions, so a key keeps landing in the same partition until partitions are added; keyless records stick to one partition for a batch (batch.size bytes) before moving on.",
    see: ['key', 'partition', 'producer'],
  },
  {
    id: 'consumer',
    term: 'Consumer',
    definition:
      'A client application that reads records from partitions, in offset order, by polling the brokers. Consumers usually join a consumer group, which shares the partitions among them and keeps their committed offsets.',
    see: ['poll', 'consumer-group', 'committed-offset'],
  },
  {
    id: 'poll',
    term: 'Poll',
    definition:
      "One turn of a consumer's loop: poll returns the next batch of records from its partitions, at most max.poll.records (500 by default). A consumer that does not poll again within max.poll.interval.ms (5 minutes by default) leaves its group.",
    see: ['consumer', 'auto-commit', 'commit'],
  },
  {
    id: 'consumer-group',
    term: 'Consumer group',
    definition:
      'Consumers sharing one group.id that read topics together: each partition is assigned to exactly one member, and the group keeps one committed offset per partition. Different groups read the same topic independently of each other.',
    see: ['member', 'rebalance', 'committed-offset'],
  },
  {
    id: 'member',
    term: 'Member',
    definition:
      'A consumer that has joined a consumer group and takes part in its rebalances. In the classic protocol its member id is its client id followed by a UUID. A member gets no partitions when the group has more members than partitions.',
    see: ['consumer-group', 'rebalance', 'assignor'],
  },
  {
    id: 'group-coordinator',
    term: 'Group coordinator',
    definition:
      "The broker that manages a consumer group: it tracks the members by their heartbeats, runs rebalances and stores the group's committed offsets in the internal topic __consumer_offsets. Streamlab keeps committed offsets in the coordinator itself, so its __consumer_offsets holds no records.",
    see: ['consumer-group', 'heartbeat', 'commit'],
  },
  {
    id: 'commit',
    term: 'Commit',
    definition:
      "Storing a consumer group's position in a partition with the group coordinator, so that the group resumes there after a crash, restart or rebalance. The committed value is the offset of the next record to read, one past the last record processed.",
    see: ['committed-offset', 'auto-commit', 'at-least-once'],
  },
  {
    id: 'committed-offset',
    term: 'Committed offset',
    definition:
      'The offset a consumer group has stored for a partition: where a member of the group starts reading after a crash, restart or rebalance. kafka-consumer-groups --describe shows it as CURRENT-OFFSET.',
    see: ['commit', 'lag', 'auto-offset-reset'],
  },
  {
    id: 'lag',
    term: 'Lag',
    definition:
      "How far a consumer group is behind in a partition: the log end offset minus the group's committed offset. Lag that keeps growing means records arrive faster than the group processes them.",
    see: ['log-end-offset', 'committed-offset', 'consumer-group'],
  },
  {
    id: 'auto-commit',
    term: 'Auto-commit',
    definition:
      "The consumer's default way of committing (enable.auto.commit=true): inside poll, once every auto.commit.interval.ms (5 seconds by default), it commits the positions reached by the previous polls. After a crash, the records processed since the last auto-commit are processed again.",
    see: ['commit', 'poll', 'at-least-once'],
  },
  {
    id: 'auto-offset-reset',
    term: 'auto.offset.reset',
    definition:
      'The consumer config that decides where to start in a partition for which the group has no committed offset, or whose committed offset has been deleted. latest, the default, starts at the log end and skips every record already there; earliest starts at the oldest retained record; none fails with an error instead.',
    see: ['committed-offset', 'retention', 'consumer-group'],
  },
  {
    id: 'rebalance',
    term: 'Rebalance',
    definition:
      "The group coordinator redistributing a consumer group's partitions among its members, when a member joins, leaves or misses its session timeout, or when partitions are added. In the classic protocol with an eager assignor, every member gives up its partitions until the new assignment arrives.",
    see: ['assignor', 'session-timeout', 'member'],
  },
  {
    id: 'assignor',
    term: 'Assignor',
    definition:
      'The strategy that decides which member gets which partitions in a rebalance, chosen with partition.assignment.strategy. The Java client offers range (its default), round-robin, sticky and cooperative sticky; the sticky ones leave partitions with their owners where they can.',
    see: ['rebalance', 'consumer-group', 'member'],
  },
  {
    id: 'session-timeout',
    term: 'Session timeout',
    definition:
      'How long the group coordinator waits without a heartbeat before it removes a member and rebalances its partitions: session.timeout.ms, 45 seconds by default in Kafka 4. Streamlab shortens it to 30 ticks.',
    see: ['heartbeat', 'rebalance', 'group-coordinator'],
  },
  {
    id: 'heartbeat',
    term: 'Heartbeat',
    definition:
      'A small request a member sends to the group coordinator every heartbeat.interval.ms (3 seconds by default) to show it is alive. A member whose heartbeats stop for longer than the session timeout is removed from its group.',
    see: ['session-timeout', 'member', 'group-coordinator'],
  },
  {
    id: 'retention',
    term: 'Retention',
    definition:
      'How long, or how much, a topic keeps its records, whether or not anyone has read them: retention.ms (7 days by default) and retention.bytes per partition (no limit by default). It applies under cleanup.policy=delete, the default, and Kafka deletes whole log segments once they are past a limit.',
    see: ['segment', 'offset', 'auto-offset-reset', 'compaction'],
  },
  {
    id: 'at-least-once',
    term: 'At-least-once',
    definition:
      'A delivery guarantee under which no record is lost but some may be processed more than once, as when a consumer commits after processing and crashes before its commit. Duplicates are then handled by making the processing idempotent.',
    see: ['at-most-once', 'exactly-once', 'commit'],
  },
  {
    id: 'at-most-once',
    term: 'At-most-once',
    definition:
      'A delivery guarantee under which no record is processed twice but some may never be processed, as when a consumer commits before processing and crashes in the middle of a batch.',
    see: ['at-least-once', 'exactly-once', 'commit'],
  },
  {
    id: 'exactly-once',
    term: 'Exactly-once',
    definition:
      "Each record's effect happening once, even across crashes and retries. Committed offsets alone cannot give it: it takes idempotent processing, or Kafka transactions, which write output records and the consumer's offsets atomically for readers using isolation.level=read_committed. Transactions cover effects inside Kafka only: the processing itself, and anything it does outside Kafka, can still happen twice.",
    see: ['idempotent-producer', 'transaction', 'at-least-once', 'at-most-once'],
  },
  {
    id: 'idempotent-producer',
    term: 'Idempotent producer',
    definition:
      'A producer whose retries cannot write duplicates: the broker tracks its producer id and a sequence number per partition and ignores a batch it has already appended. It is the default since Kafka 3.0 (enable.idempotence=true), and it prevents duplicates from producer retries only, not from consumers processing a record twice.',
    see: ['producer', 'exactly-once', 'record'],
  },
  {
    id: 'processing-ledger',
    term: 'Processing ledger',
    definition:
      "Streamlab's record of every time a consumer group processed a record, summarised by sim ledger as processed, distinct, duplicated and skipped counts. Kafka itself keeps no such ledger; Streamlab keeps one to make at-least-once duplicates and at-most-once gaps visible.",
    see: ['at-least-once', 'at-most-once', 'committed-offset'],
  },
  {
    id: 'replica',
    term: 'Replica',
    definition:
      "One copy of a partition, kept by one broker. A topic's replication factor (--replication-factor, default.replication.factor) says how many there are; one of them is the partition's leader, the others are followers.",
    see: ['leader', 'follower', 'isr'],
  },
  {
    id: 'leader',
    term: 'Leader',
    definition:
      'The replica of a partition that producers write to and consumers read from (Kafka can also let consumers fetch from a nearby follower). The controller elects it, normally from the in-sync replicas; kafka-topics --describe shows it as Leader, and as none when the partition has no leader and is offline.',
    see: ['follower', 'controller', 'preferred-leader'],
  },
  {
    id: 'follower',
    term: 'Follower',
    definition:
      "A replica that is not the leader: its broker fetches the leader's new records, much as a consumer does, and appends them to its own copy. A follower that keeps up is in the ISR, and may be elected leader when the leader fails.",
    see: ['leader', 'isr', 'replica'],
  },
  {
    id: 'isr',
    term: 'In-sync replicas (ISR)',
    definition:
      'The leader and the followers that have kept up with it: a follower leaves the ISR when it has not caught up for replica.lag.time.max.ms (30 seconds by default) or its broker is fenced, and rejoins once it has caught up again. A new leader is chosen from the ISR, so it has every acknowledged record.',
    see: ['min-insync-replicas', 'high-watermark', 'elr'],
  },
  {
    id: 'controller',
    term: 'Controller',
    definition:
      'The part of a Kafka cluster that keeps its metadata and makes its decisions: in Kafka 4, a KRaft quorum of controller nodes. It fences a broker whose heartbeats stop for broker.session.timeout.ms (9 seconds by default), elects partition leaders and records every change of ISR.',
    see: ['broker', 'leader', 'isr'],
  },
  {
    id: 'acks',
    term: 'acks',
    definition:
      'The producer config that says when a write counts as done. acks=0: when it is sent; acks=1: when the leader has appended it, so a leader that dies can take it along; acks=all (the default since Kafka 3.0): when every in-sync replica has it, at least min.insync.replicas of them.',
    see: ['min-insync-replicas', 'isr', 'idempotent-producer'],
  },
  {
    id: 'min-insync-replicas',
    term: 'min.insync.replicas',
    definition:
      'A topic (or broker) config, 1 by default: the fewest in-sync replicas with which the leader accepts an acks=all write. Below it, such writes fail with NOT_ENOUGH_REPLICAS. With a replication factor of 3, min.insync.replicas=2 keeps every acknowledged record on two brokers at least.',
    see: ['acks', 'isr', 'elr'],
  },
  {
    id: 'elr',
    term: 'Eligible leader replicas (ELR)',
    definition:
      'Replicas the controller removed from the ISR as it fell below min.insync.replicas (KIP-966, Kafka 4.1). From then on no acks=all write can be acknowledged, so they hold every acknowledged record, and when the ISR is empty the controller may elect one of them cleanly. A broker that restarts after a crash leaves the ELR; kafka-topics --describe shows Elr and LastKnownElr.',
    see: ['isr', 'min-insync-replicas', 'unclean-leader-election'],
  },
  {
    id: 'unclean-leader-election',
    term: 'Unclean leader election',
    definition:
      'Electing a replica that is neither in the ISR nor in the ELR, to bring an offline partition back. It loses the acknowledged records that replica never got. Off by default (unclean.leader.election.enable=false); kafka-leader-election --election-type unclean forces one.',
    see: ['isr', 'elr', 'leader'],
  },
  {
    id: 'preferred-leader',
    term: 'Preferred leader',
    definition:
      "The first replica in a partition's replica list, where the controller placed the leadership when it created the partition. After a failure moves the leadership away, the controller hands it back once the preferred replica is in sync again (auto.leader.rebalance.enable, checked every leader.imbalance.check.interval.seconds).",
    see: ['leader', 'replica', 'controller'],
  },
  {
    id: 'transaction',
    term: 'Transaction',
    definition:
      'A group of writes a transactional producer makes to one or more partitions, together with the consumer offsets it sends to the transaction, that take effect all together or not at all: commitTransaction() makes them count, abortTransaction() (or a crash the coordinator notices) throws them away. Aborted records stay in the log; read_committed consumers skip them.',
    see: ['transactional-id', 'transaction-coordinator', 'read-committed'],
  },
  {
    id: 'transactional-id',
    term: 'transactional.id',
    definition:
      'The producer config that names a transactional producer across restarts. The coordinator keeps one producer id and epoch per transactional.id; an instance that starts with it (initTransactions) aborts whatever an older instance left open and fences that instance.',
    see: ['transaction', 'fencing', 'transaction-coordinator'],
  },
  {
    id: 'transaction-coordinator',
    term: 'Transaction coordinator',
    definition:
      "The broker that runs the transactions of a transactional.id: the leader of that id's partition of the internal __transaction_state topic. It hands out producer ids and epochs, records which partitions a transaction wrote to, writes its commit or abort markers, and aborts a transaction that stays open longer than transaction.timeout.ms (one minute by default).",
    see: ['transaction', 'control-record', 'group-coordinator'],
  },
  {
    id: 'control-record',
    term: 'Control record (transaction marker)',
    definition:
      'A record the transaction coordinator has written into a partition to end a transaction there: a COMMIT or an ABORT marker. It takes an offset like any record, so it leaves a gap in the offsets consumers see, and no consumer ever returns it.',
    see: ['transaction', 'last-stable-offset', 'offset'],
  },
  {
    id: 'read-committed',
    term: 'read_committed',
    definition:
      'A value of the consumer config isolation.level: the consumer reads only up to the last stable offset and never returns records of aborted transactions. The default, read_uncommitted, reads up to the high watermark and returns every record, aborted ones included.',
    see: ['last-stable-offset', 'transaction', 'high-watermark'],
  },
  {
    id: 'last-stable-offset',
    term: 'Last stable offset (LSO)',
    definition:
      "The first offset of a partition's oldest open transaction, or the high watermark when no transaction is open there. A read_committed consumer reads nothing at or above it, so a transaction left open holds every such reader back until it commits, aborts or times out.",
    see: ['read-committed', 'high-watermark', 'transaction'],
  },
  {
    id: 'fencing',
    term: 'Fencing',
    definition:
      "Refusing an instance that has been replaced. When a producer starts with a transactional.id, the coordinator raises the id's producer epoch; any instance still running with an older epoch then has its writes and its commit refused (ProducerFencedException) and must shut down, so two instances never write for one transactional.id.",
    see: ['transactional-id', 'transaction-coordinator', 'exactly-once'],
  },
  {
    id: 'segment',
    term: 'Segment',
    definition:
      "One file of a partition's log. Records are appended to the newest, the active segment; it is closed (rolled) and a new one started when it would pass segment.bytes (1 GiB by default) or is more than segment.ms (7 days) old. Retention deletes whole closed segments, and the log cleaner compacts closed segments only.",
    see: ['retention', 'compaction', 'log-cleaner'],
  },
  {
    id: 'compaction',
    term: 'Log compaction',
    definition:
      'The cleanup policy cleanup.policy=compact: instead of deleting records by age or size, Kafka keeps at least the latest record of every key and removes older ones, so the topic holds the current value per key. Surviving records keep their offsets, and a reader sees the gaps.',
    see: ['log-cleaner', 'tombstone', 'key'],
  },
  {
    id: 'log-cleaner',
    term: 'Log cleaner',
    definition:
      'The broker threads that compact logs. Every log.cleaner.backoff.ms (15 seconds) a cleaner picks the compacted log with the highest dirty ratio above min.cleanable.dirty.ratio, maps the latest offset of every key in its dirty part and rewrites its closed segments without the older records. It never cleans the active segment.',
    see: ['compaction', 'dirty-ratio', 'segment'],
  },
  {
    id: 'dirty-ratio',
    term: 'Dirty ratio',
    definition:
      "The share of a compacted log's closed segments written since its last cleaning. The log cleaner cleans a log only when it is above min.cleanable.dirty.ratio (0.5 by default), or when a dirty record is older than max.compaction.lag.ms.",
    see: ['log-cleaner', 'compaction', 'segment'],
  },
  {
    id: 'tombstone',
    term: 'Tombstone',
    definition:
      "A record with a key and a null value, which deletes the key from a compacted topic: the cleaner removes the key's older records, and the tombstone itself at the first cleaning after delete.retention.ms (a day by default) has passed since a cleaning first kept it.",
    see: ['compaction', 'log-cleaner', 'key'],
  },
  {
    id: 'tick',
    term: 'Tick',
    definition:
      "Streamlab's unit of simulated time: its world moves one tick at a time, with sim tick or sim run. A tick stands for 100 ms of record timestamps and retention.ms, while protocol timeouts are shortened so that a story fits in a few hundred ticks (the session timeout is 30 ticks).",
    see: ['session-timeout', 'retention'],
  },
];
