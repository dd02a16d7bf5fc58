/**
 * The playground's starter notebooks: five small stories a reader can open, run cell by cell,
 * break on the stage, and edit. Each is a seed plus plain shell scripts (no `$ ` transcript lines):
 * the playground prints each cell's real output under it, so a starter never has to carry the
 * output it expects, and an edit to the engine's wording cannot make a starter go stale.
 *
 * Every cell runs without error, in order, on a fresh world with its seed
 * (tests/playground/starters.test.ts runs them all and checks what they show against Kafka's
 * rules). The comments are the teaching: what to look for in the output and what to try next, on
 * the stage or by editing a line. Keys are the customers of lessons 8 to 10 (alice, bob, carol,
 * dave) so the partitions they land in can be worked out from lesson 8's murmur2 table.
 */

export interface StarterNotebook {
  /** Stable id: links and the page's menu name a starter by it. */
  readonly id: string;
  readonly title: string;
  /** One sentence for the menu. */
  readonly summary: string;
  /** The world's seed: with it the cells print the same thing on every run. */
  readonly seed: number;
  /** Plain shell scripts, run in order in one world. */
  readonly cells: readonly string[];
}

/** One cell from its lines: keeps heredocs and comments readable in the source, one line each. */
const cell = (...lines: string[]): string => lines.join('\n');

const crashAndResume: StarterNotebook = {
  id: 'crash-and-resume',
  title: 'Crash a consumer, watch it resume',
  summary: 'A consumer that commits after processing dies mid-batch, and the processing ledger counts the payments it books twice.',
  seed: 5,
  cells: [
    cell(
      '# checkout sends twelve card payments, one per tick, keyed by card, to a topic of two partitions.',
      'kafka-topics --create --topic payments --partitions 2',
      'sim producer start checkout --topic payments --count 12 --keys card-1,card-2,card-3',
      '# ledger books each payment in 3 ticks and commits only after its whole poll batch (at-least-once).',
      'sim consumer start ledger --group accounting --topic payments --commit after --process-ticks 3 --offset-reset earliest',
    ),
    cell(
      '# Sixteen ticks in, ledger has booked a few payments but is still inside its first batch,',
      '# so the group has committed nothing yet: CURRENT-OFFSET and LAG show "-".',
      'sim tick 16',
      'kafka-consumer-groups --describe --group accounting',
    ),
    cell(
      '# Kill ledger mid-batch, as a power cut would: nothing is committed, its positions are lost.',
      '# Try instead of this cell: play the stage, press Crash on ledger at another moment, then Restart',
      '# and play until quiet: the later the crash in a batch, the more the next cell counts twice.',
      'sim crash ledger',
      '# The restarted ledger rejoins as a new member once the old one has timed out (30 ticks),',
      '# and resumes from the committed offsets: here, none, so from the start again.',
      'sim restart ledger',
      'sim run',
      'kafka-consumer-groups --describe --group accounting',
    ),
    cell(
      '# The ledger counts what the crash cost: the payments booked but not committed are booked twice.',
      '# Try: change --commit after to --commit before in the first cell and run it all again: skips instead.',
      'sim ledger --group accounting',
    ),
  ],
};

const threeDepartments: StarterNotebook = {
  id: 'three-departments',
  title: 'Three departments, one topic',
  summary: 'Shipping, billing and analytics each read every order in their own consumer group, with their own committed offsets.',
  seed: 3,
  cells: [
    cell(
      '# The website sends twelve orders to one topic, keyed by customer: alice, bob, carol, dave in turn.',
      'kafka-topics --create --topic orders --partitions 3',
      'sim producer start website --topic orders --count 12 --keys alice,bob,carol,dave --value "order-{n}"',
    ),
    cell(
      '# Three departments, three groups: each group gets every record, not a share of them.',
      'sim consumer start shipping-1 --group shipping --topic orders --offset-reset earliest',
      'sim consumer start billing-1 --group billing --topic orders --offset-reset earliest',
      'sim consumer start analytics-1 --group analytics --topic orders --offset-reset earliest',
      'sim run',
      '# One table per group: each has read to the log end (lag 0) and keeps its own offsets.',
      'kafka-consumer-groups --describe --all-groups',
    ),
    cell(
      '# Billing stops for maintenance while four more orders arrive.',
      'sim consumer stop billing-1',
      'sim run',
      'sim producer start website-2 --topic orders --count 4 --keys alice,bob,carol,dave --value "late-order-{n}"',
      'sim run',
      '# Only billing lags: its offsets stayed where it stopped, the others moved on.',
      'kafka-consumer-groups --describe --all-groups',
      '# Try, after this cell: crash analytics-1 on the stage and play: shipping does not notice.',
    ),
    cell(
      '# Billing comes back and catches up from its own committed offsets: nothing missed, nothing redone.',
      'sim restart billing-1',
      'sim run',
      'kafka-consumer-groups --describe --group billing',
      'sim ledger --group billing',
    ),
  ],
};

const keysAndOrdering: StarterNotebook = {
  id: 'keys-and-ordering',
  title: 'Keys and ordering',
  summary: "Records with the same key land in the same partition and keep their order there, until the topic's partition count changes.",
  seed: 6,
  cells: [
    cell(
      "# Each customer's order events, keyed by customer, to a topic of three partitions.",
      '# The producer picks the partition: murmur2(key), made positive, modulo the partition count.',
      'kafka-topics --create --topic orders --partitions 3',
      'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF',
      'alice:order-1 placed',
      'bob:order-2 placed',
      'alice:order-1 paid',
      'carol:order-3 placed',
      'bob:order-2 cancelled',
      'alice:order-1 shipped',
      'dave:order-4 placed',
      'EOF',
    ),
    cell(
      '# Read it all back with partition, offset and key: one key, one partition, in the order sent.',
      '# Order holds within a partition only: across partitions nothing is promised.',
      'kafka-console-consumer --topic orders --from-beginning --property print.partition=true --property print.offset=true --property print.key=true',
    ),
    cell(
      '# A producer application keeps sending, keys in turn; the offsets per partition show where they went.',
      "# Try: add erin to --keys and see which partition erin's orders join.",
      'sim producer start website --topic orders --count 8 --keys alice,bob,carol,dave --value "event-{n}"',
      'sim run',
      'kafka-get-offsets --topic orders',
    ),
    cell(
      '# Grow the topic to four partitions: nothing written moves, but new records of a key may go elsewhere.',
      'kafka-topics --alter --topic orders --partitions 4',
      'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF',
      'alice:order-1 delivered',
      'carol:order-3 paid',
      'EOF',
      "# alice's story is now split over two partitions: her per-key order no longer holds.",
      'kafka-console-consumer --topic orders --from-beginning --property print.partition=true --property print.offset=true --property print.key=true',
    ),
  ],
};

const rebalancing: StarterNotebook = {
  id: 'rebalancing',
  title: 'Rebalancing a consumer group',
  summary:
    'A group grows from one consumer to three on a topic of six partitions, then loses members, and the range assignor deals the partitions again each time.',
  seed: 7,
  cells: [
    cell(
      '# Six partitions, one consumer: shipping-1 owns them all.',
      'kafka-topics --create --topic orders --partitions 6',
      'sim consumer start shipping-1 --group shipping --topic orders --offset-reset earliest',
      'sim run',
      'sim producer start website --topic orders --count 300 --keys alice,bob,carol,dave,erin,frank',
      'sim tick 20',
      'kafka-consumer-groups --describe --group shipping --members --verbose',
    ),
    cell(
      '# Two more members join: each join is a rebalance, and range deals consecutive blocks,',
      '# members in id order: six partitions over three members, two each.',
      '# Try: add --assignor roundrobin to the consumer starts here and in the first cell: 0,3 1,4 2,5.',
      'sim consumer start shipping-2 --group shipping --topic orders --offset-reset earliest',
      'sim consumer start shipping-3 --group shipping --topic orders --offset-reset earliest',
      'sim tick 20',
      'kafka-consumer-groups --describe --group shipping --members --verbose',
    ),
    cell(
      '# shipping-2 leaves gracefully: it commits, says goodbye, and the group rebalances at once.',
      'sim consumer stop shipping-2',
      'sim tick 10',
      'kafka-consumer-groups --describe --group shipping --members --verbose',
    ),
    cell(
      '# A crash says no goodbye: the group waits out the session timeout (30 ticks) before it moves',
      "# shipping-3's partitions, and meanwhile they go unread.",
      '# Try instead of this cell: press Crash on a member on the stage and play: its partitions wait',
      '# 30 ticks for the coordinator to expire it, then move to the member left.',
      'sim crash shipping-3',
      'sim tick 10',
      'kafka-consumer-groups --describe --group shipping --state',
      'sim run',
      'kafka-consumer-groups --describe --group shipping --members --verbose',
    ),
  ],
};

const retentionAndReplay: StarterNotebook = {
  id: 'retention-and-replay',
  title: 'Retention and replay',
  summary: 'Reading deletes nothing, retention deletes old records whether read or not, and a reset to the earliest offset replays only what retention kept.',
  seed: 8,
  cells: [
    cell(
      '# retention.ms=30000 keeps records 30 seconds: 300 ticks, at 100 ms a tick (Kafka defaults to 7 days).',
      '# Retention deletes whole segments; segment.ms=10000 closes one after 10 seconds (Kafka: 7 days).',
      'kafka-topics --create --topic orders --partitions 2 --config retention.ms=30000 --config segment.ms=10000',
      'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF',
      'alice:order-1',
      'bob:order-2',
      'carol:order-3',
      'dave:order-4',
      'alice:order-5',
      'bob:order-6',
      'EOF',
      'sim consumer start inventory-1 --group inventory --topic orders --offset-reset earliest',
      'sim run',
      '# inventory has read everything, yet the log still starts at offset 0: reading deletes nothing.',
      'kafka-get-offsets --topic orders --time earliest',
    ),
    cell(
      '# Twenty seconds later, four more orders.',
      'sim tick 200',
      'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF',
      'alice:order-7',
      'bob:order-8',
      'carol:order-9',
      'dave:order-10',
      'EOF',
      'sim run',
    ),
    cell(
      '# Fifteen seconds more: the first six orders are over 30 seconds old and retention deletes their',
      '# segment, read or not. The log start offset (--time -2, earliest) moves up; the log end (-1) does not.',
      'sim tick 150',
      'kafka-get-offsets --topic orders --time -2',
      'kafka-get-offsets --topic orders --time -1',
    ),
    cell(
      '# Replay: a reset needs a group with no active members, so stop inventory-1 first.',
      'sim consumer stop inventory-1',
      'sim run',
      '# --to-earliest lands on the log start offsets: replay goes back only as far as retention kept.',
      'kafka-consumer-groups --reset-offsets --group inventory --topic orders --to-earliest --execute',
      '# Read as the inventory group, from its reset offsets.',
      '# Try: make it retention.ms=60000 in the first cell and run them all again: all ten orders come back.',
      'kafka-console-consumer --topic orders --group inventory --property print.partition=true --property print.offset=true --property print.key=true',
    ),
  ],
};

/** The starters in the order the playground offers them. */
export const STARTERS: readonly StarterNotebook[] = [crashAndResume, threeDepartments, keysAndOrdering, rebalancing, retentionAndReplay];
