// Golden transcripts for kafka-consumer-groups (reference §4, ConsumerGroupCommand, Kafka
// 4.0/4.1 formats). Tables start every header and row with "\n" (a blank line first), state
// notices go to stderr, errors to stdout with exit 0. Simulator choices: member ids are
// `clientId-UUID` derived by hash, rows and groups are sorted.
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';

const SHIPPING_ID = 'shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a';

const NO_EXECUTE_WARN =
  'WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.';

/** `orders` with 3 partitions and two records in each (the keys spread evenly). */
function withOrders(): ShellSession {
  return setup(
    ShellSession.create(),
    `kafka-topics --create --topic orders --partitions 3
kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF
alice:1
bob:2
carol:3
dave:4
erin:5
frank:6
EOF`,
  );
}

/** Group `shipping`: members shipping (orders-2) and packing (orders-0, orders-1), all caught up and committed. */
function stableGroup(): ShellSession {
  return setup(
    withOrders(),
    `sim consumer start shipping --group shipping --topic orders --offset-reset earliest
sim run
sim consumer start packing --group shipping --topic orders
sim run`,
  );
}

/** Group `shipping` after both members stopped: Empty, offsets 2/2/2 committed. */
function emptyGroup(): ShellSession {
  return setup(stableGroup(), 'sim consumer stop shipping\nsim consumer stop packing\nsim run');
}

describe('kafka-consumer-groups --list', () => {
  it('no groups: no output', () => {
    expect(execute(ShellSession.create(), 'kafka-consumer-groups --bootstrap-server localhost:9092 --list')).toEqual({
      stdout: [],
      stderr: [],
      exitCode: 0,
    });
  });

  it('one group id per line, the console consumer’s generated group included', () => {
    const session = setup(stableGroup(), 'kafka-console-consumer --topic orders --group billing\nkafka-console-consumer --topic orders');
    expectTranscript(
      `
$ kafka-consumer-groups --list
billing
console-consumer-55261
shipping
`,
      session,
    );
  });
});

describe('kafka-consumer-groups --list --state', () => {
  it('the group column is max(15, longest id) + 10 wide; STATE is padded to 20', () => {
    expect(execute(ShellSession.create(), 'kafka-consumer-groups --list --state').stdout).toEqual(['GROUP                     STATE               ']);
    const session = setup(stableGroup(), 'kafka-console-consumer --topic orders');
    expectTranscript(
      `
$ kafka-consumer-groups --list --state
GROUP                            STATE               
console-consumer-90721           Empty               
shipping                         Stable              
`,
      session,
    );
  });
});

describe('kafka-consumer-groups --describe (offsets)', () => {
  it('a Stable group: every assigned partition, `-` where nothing is committed yet', () => {
    expectTranscript(
      `
$ sim consumer start shipping --group shipping --topic orders --offset-reset earliest
consumer shipping started in group shipping (commit auto)
$ sim tick 5
tick 7
$ kafka-consumer-groups --describe --group shipping

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                   HOST            CLIENT-ID
shipping        orders          0          -               2               -               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
shipping        orders          1          -               2               -               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
shipping        orders          2          -               2               -               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
$ sim run
quiet at tick 16 after 9 ticks
$ kafka-consumer-groups --describe --group shipping --offsets

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                   HOST            CLIENT-ID
shipping        orders          0          2               2               0               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
shipping        orders          1          2               2               0               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
shipping        orders          2          2               2               0               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
`,
      withOrders(),
    );
  });

  it('two members: the member with more partitions first; LAG is log end minus committed', () => {
    // alice's key hashes (murmur2) to partition 0.
    const session = setup(stableGroup(), 'kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF\nalice:7\nEOF');
    expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                   HOST            CLIENT-ID
shipping        orders          0          2               3               1               packing-a32a402f-e583-4046-a124-b714fbf2cdcf  /127.0.0.1      packing
shipping        orders          1          2               2               0               packing-a32a402f-e583-4046-a124-b714fbf2cdcf  /127.0.0.1      packing
shipping        orders          2          2               2               0               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
`,
      session,
    );
    // The whole table is stdout: a blank line, the header, the rows.
    const { stdout, stderr, exitCode } = execute(session, 'kafka-consumer-groups --describe --group shipping');
    expect([stdout.length, stdout[0], stderr, exitCode]).toEqual([5, '', [], 0]);
  });

  it('a member without partitions gets no row (but is listed by --members); no rows at all: no table', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ sim consumer start shipping --group shipping --topic orders
consumer shipping started in group shipping (commit auto)
$ sim consumer start packing --group shipping --topic orders
consumer packing started in group shipping (commit auto)
$ sim run
quiet at tick 3 after 3 ticks
$ kafka-consumer-groups --describe --group shipping

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                  HOST            CLIENT-ID
shipping        orders          0          -               0               -               packing-a32a402f-e583-4046-a124-b714fbf2cdcf /127.0.0.1      packing
$ kafka-consumer-groups --describe --group shipping --members

GROUP           CONSUMER-ID                                   HOST            CLIENT-ID       #PARTITIONS     
shipping        shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping        0               
shipping        packing-a32a402f-e583-4046-a124-b714fbf2cdcf  /127.0.0.1      packing         1               
$ sim consumer start idle --group lazy --topic nothing
consumer idle started in group lazy (commit auto)
$ sim run
quiet at tick 6 after 3 ticks
$ kafka-consumer-groups --describe --group lazy
$ kafka-consumer-groups --describe --group lazy --state

GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS
lazy            localhost:9092  (1)       range                Stable               1
`);
  });

  it('an Empty group: the notice on stderr, then only committed partitions, `-` for the member columns', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping

Consumer group 'shipping' has no active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
shipping        orders          0          2               2               0               -               -               -
shipping        orders          1          2               2               0               -               -               -
shipping        orders          2          2               2               0               -               -               -
`,
      emptyGroup(),
    );
    expect(execute(session, 'kafka-consumer-groups --describe --group shipping')).toEqual({
      stdout: [
        '',
        'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID',
        'shipping        orders          0          2               2               0               -               -               -',
        'shipping        orders          1          2               2               0               -               -               -',
        'shipping        orders          2          2               2               0               -               -               -',
      ],
      stderr: ['', "Consumer group 'shipping' has no active members."],
      exitCode: 0,
    });
  });

  it('an Empty group with nothing committed: only the notice, no table', () => {
    const session = setup(withOrders(), 'kafka-console-consumer --topic orders --from-beginning');
    expectTranscript(
      `
$ kafka-consumer-groups --list
console-consumer-55919
$ kafka-consumer-groups --describe --group console-consumer-55919

Consumer group 'console-consumer-55919' has no active members.
`,
      session,
    );
  });

  it('an unknown group: GroupIdNotFoundException, message on stdout, exception on stderr, exit 0 — for offsets, --members and --state', () => {
    const session = expectTranscript(`
$ kafka-consumer-groups --describe --group missing.group

Error: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.
java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.
$ kafka-consumer-groups --describe --group missing.group --members

Error: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.
java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.
$ kafka-consumer-groups --describe --group missing.group --state

Error: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.
java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.
`);
    expect(execute(session, 'kafka-consumer-groups --describe --group missing.group')).toEqual({
      stdout: [
        '',
        'Error: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.',
      ],
      stderr: ['java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing.group not found.'],
      exitCode: 0,
    });
  });
});

describe('kafka-consumer-groups --describe --members', () => {
  it('a Stable group: one row per member, the format ends with a space', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping --members

GROUP           CONSUMER-ID                                   HOST            CLIENT-ID       #PARTITIONS     
shipping        shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping        1               
shipping        packing-a32a402f-e583-4046-a124-b714fbf2cdcf  /127.0.0.1      packing         2               
`,
      stableGroup(),
    );
  });

  it('--verbose adds the 4.x epoch and assignment columns; a classic group has no epochs or target', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping --members --verbose

GROUP           CONSUMER-ID                                   HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   
shipping        shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping        1               -               orders:2             -               -                   
shipping        packing-a32a402f-e583-4046-a124-b714fbf2cdcf  /127.0.0.1      packing         2               -               orders:0,1           -               -                   
`,
      stableGroup(),
    );
  });

  it('an Empty group: the notice, and the header still printed with no rows', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping --members

Consumer group 'shipping' has no active members.

GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     
$ kafka-consumer-groups --describe --group shipping --members --verbose

Consumer group 'shipping' has no active members.

GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   
`,
      emptyGroup(),
    );
    expect(execute(session, 'kafka-consumer-groups --describe --group shipping --members')).toEqual({
      stdout: ['', 'GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     '],
      stderr: ['', "Consumer group 'shipping' has no active members."],
      exitCode: 0,
    });
  });
});

describe('kafka-consumer-groups --describe --state', () => {
  it('a Stable group: coordinator with two spaces before its id, the range assignor', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping --state

GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS
shipping        localhost:9092  (1)       range                Stable               2
`,
      stableGroup(),
    );
  });

  it('--verbose adds GROUP-EPOCH and TARGET-ASSIGNMENT-EPOCH, `-` for a classic group', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping --state --verbose

GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS
shipping        localhost:9092  (1)       range                Stable               -               -                         2
`,
      stableGroup(),
    );
  });

  it('an Empty group: the stderr notice (printStates goes through shouldPrintMemberState), strategy `-`', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --describe --group shipping --state

Consumer group 'shipping' has no active members.

GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS
shipping        localhost:9092  (1)       -                    Empty                0
`,
      emptyGroup(),
    );
    expect(execute(session, 'kafka-consumer-groups --describe --group shipping --state').stderr).toEqual([
      '',
      "Consumer group 'shipping' has no active members.",
    ]);
  });

  it('a rebalancing group: the warning on stderr', () => {
    const session = setup(withOrders(), 'sim consumer start shipping --group shipping --topic orders\nsim run');
    expectTranscript(
      `
$ sim consumer start packing --group shipping --topic orders
consumer packing started in group shipping (commit auto)
$ kafka-consumer-groups --describe --group shipping --state

Warning: Consumer group 'shipping' is rebalancing.

GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS
shipping        localhost:9092  (1)       -                    PreparingRebalance   2
`,
      session,
    );
  });
});

describe('kafka-consumer-groups --reset-offsets', () => {
  it('neither --dry-run nor --execute: the WARN on stderr, a dry run', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-earliest
WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          0              
shipping                       orders                         1          0              
shipping                       orders                         2          0              
$ kafka-get-offsets --topic orders
orders:0:2
orders:1:2
orders:2:2
`,
      emptyGroup(),
    );
    const streams = execute(session, 'kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-earliest');
    expect(streams.stderr).toEqual([NO_EXECUTE_WARN]);
    expect(streams.stdout[0]).toBe('');
    expect(streams.exitCode).toBe(0);
    // Nothing changed: the committed offsets are still 2.
    expect(execute(session, 'kafka-consumer-groups --describe --group shipping').stdout[2]).toBe(
      'shipping        orders          0          2               2               0               -               -               -',
    );
  });

  it('--dry-run shows the plan without the WARN and changes nothing; --execute applies it with the same table', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-earliest --dry-run

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          0              
shipping                       orders                         1          0              
shipping                       orders                         2          0              
$ kafka-consumer-groups --describe --group shipping

Consumer group 'shipping' has no active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
shipping        orders          0          2               2               0               -               -               -
shipping        orders          1          2               2               0               -               -               -
shipping        orders          2          2               2               0               -               -               -
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-earliest --execute

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          0              
shipping                       orders                         1          0              
shipping                       orders                         2          0              
$ kafka-consumer-groups --describe --group shipping

Consumer group 'shipping' has no active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
shipping        orders          0          0               2               2               -               -               -
shipping        orders          1          0               2               2               -               -               -
shipping        orders          2          0               2               2               -               -               -
`,
      emptyGroup(),
    );
  });

  it('--to-latest, --to-offset and --shift-by; TOPIC:PARTITION picks partitions', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-offset 1 --execute

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          1              
shipping                       orders                         1          1              
shipping                       orders                         2          1              
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --shift-by -1 --execute

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          0              
shipping                       orders                         1          0              
shipping                       orders                         2          0              
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders:1 --shift-by 1 --execute

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         1          1              
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-latest --execute

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          2              
shipping                       orders                         1          2              
shipping                       orders                         2          2              
`,
      emptyGroup(),
    );
  });

  it('an out-of-range --to-offset or --shift-by is clamped with a WARN on stderr, not an error', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-offset 100 --execute
WARN New offset (100) is higher than latest offset for topic partition orders-0. Value will be set to 2 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)
WARN New offset (100) is higher than latest offset for topic partition orders-1. Value will be set to 2 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)
WARN New offset (100) is higher than latest offset for topic partition orders-2. Value will be set to 2 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          2              
shipping                       orders                         1          2              
shipping                       orders                         2          2              
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders:0 --to-offset -3 --dry-run
WARN New offset (-3) is lower than earliest offset for topic partition orders-0. Value will be set to 0 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         0          0              
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders:2 --shift-by -5 --dry-run
WARN New offset (-3) is lower than earliest offset for topic partition orders-2. Value will be set to 0 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
shipping                       orders                         2          0              
`,
      emptyGroup(),
    );
    const streams = execute(session, 'kafka-consumer-groups --reset-offsets --group shipping --topic orders:0 --to-offset 9 --execute');
    expect(streams.stderr).toEqual([
      'WARN New offset (9) is higher than latest offset for topic partition orders-0. Value will be set to 2 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)',
    ]);
    expect(streams.exitCode).toBe(0);
  });

  it('--shift-by with no committed offset: IllegalArgumentException on stderr, exit 1', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group audit --topic orders --shift-by 1 --dry-run
Cannot shift offset for partition orders-0 since there is no current committed offset
`,
      withOrders(),
    );
    expect(execute(session, 'kafka-consumer-groups --reset-offsets --group audit --topic orders --shift-by 1 --execute')).toEqual({
      stdout: [],
      stderr: ['Cannot shift offset for partition orders-0 since there is no current committed offset'],
      exitCode: 1,
    });
  });

  it('a group that does not exist yet may be reset: --execute creates it with those offsets', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group audit --topic orders --to-earliest --execute

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
audit                          orders                         0          0              
audit                          orders                         1          0              
audit                          orders                         2          0              
$ kafka-consumer-groups --describe --group audit

Consumer group 'audit' has no active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
audit           orders          0          0               2               2               -               -               -
audit           orders          1          0               2               2               -               -               -
audit           orders          2          0               2               2               -               -               -
$ kafka-console-consumer --topic orders --group audit --max-messages 1 --property print.partition=true
Partition:0\t1
Processed a total of 1 messages
`,
      withOrders(),
    );
  });

  it('an active group is refused (stdout, exit 0) and the empty table header still prints', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-earliest --execute

Error: Assignments can only be reset if the group 'shipping' is inactive, but the current state is Stable.

GROUP                          TOPIC                          PARTITION  NEW-OFFSET     
`,
      stableGroup(),
    );
    expect(execute(session, 'kafka-consumer-groups --reset-offsets --group shipping --topic orders --to-earliest --execute')).toEqual({
      stdout: [
        '',
        "Error: Assignments can only be reset if the group 'shipping' is inactive, but the current state is Stable.",
        '',
        'GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ',
      ],
      stderr: [],
      exitCode: 0,
    });
    // Nothing was reset.
    expect(execute(session, 'kafka-consumer-groups --describe --group shipping').stdout[4]).toBe(
      `shipping        orders          2          2               2               0               ${SHIPPING_ID} /127.0.0.1      shipping`,
    );
  });

  // ConsumerGroupCommand.resetOffsets, for an inactive group: --topic T describes T
  // (parseTopicPartitionsToReset → Admin.describeTopics); a failed lookup's ExecutionException is
  // wrapped in a RuntimeException that ends the command in run(): printError with the wrapper's
  // message on stdout, its stack trace on stderr (frames left out), no table, exit 0. The broker's
  // DescribeTopicPartitions answer is INVALID_TOPIC_EXCEPTION for a name Topic.validate refuses and
  // UNKNOWN_TOPIC_OR_PARTITION otherwise, each with the Errors default message; KafkaAdminClient
  // refuses an empty name itself ("cannot be represented in a request").
  it.each([
    ['my orders', 'org.apache.kafka.common.errors.InvalidTopicException: The request attempted to perform an operation on an invalid topic.'],
    ['payments', 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.'],
    ['', "org.apache.kafka.common.errors.InvalidTopicException: The given topic name '' cannot be represented in a request."],
  ])('--topic "%s" that cannot be described ends the reset: the wrapped exception, no table, exit 0', (topic, cause) => {
    const session = emptyGroup();
    expect(execute(session, `kafka-consumer-groups --reset-offsets --group shipping --topic "${topic}" --to-earliest --execute`)).toEqual({
      stdout: ['', `Error: Executing consumer group command failed due to java.util.concurrent.ExecutionException: ${cause}`],
      stderr: [`java.lang.RuntimeException: java.util.concurrent.ExecutionException: ${cause}`],
      exitCode: 0,
    });
    // Nothing was reset: the committed offsets are still 2/2/2.
    expect(
      execute(session, 'kafka-consumer-groups --describe --group shipping')
        .stdout.slice(2)
        .map((row) => row.split(/\s+/)[3]),
    ).toEqual(['2', '2', '2']);
  });

  // With partitions (T:0) there is no describe: the offset lookup (Admin.listOffsets) asks for T's
  // metadata, and PartitionLeaderStrategy.handleTopicError logs INVALID_TOPIC_EXCEPTION and fails the
  // partition with "Failed to fetch metadata for partition T-0 due to invalid topic `T`".
  it('--topic "T:0" with an invalid name: the admin client logs the metadata error, then the same ending', () => {
    const cause = 'org.apache.kafka.common.errors.InvalidTopicException: Failed to fetch metadata for partition my orders-0 due to invalid topic `my orders`';
    expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group shipping --topic "my orders:0" --to-earliest --dry-run
ERROR [AdminClient clientId=adminclient-1] Received invalid topic error for topic my orders in \`Metadata\` response (org.apache.kafka.clients.admin.internals.PartitionLeaderStrategy)
org.apache.kafka.common.errors.InvalidTopicException: The request attempted to perform an operation on an invalid topic.

Error: Executing consumer group command failed due to java.util.concurrent.ExecutionException: ${cause}
java.lang.RuntimeException: java.util.concurrent.ExecutionException: ${cause}
`,
      emptyGroup(),
    );
  });

  it('an active group is refused before its topic is looked up', () => {
    expect(execute(stableGroup(), 'kafka-consumer-groups --reset-offsets --group shipping --topic "my orders" --to-earliest --execute').stdout[1]).toBe(
      "Error: Assignments can only be reset if the group 'shipping' is inactive, but the current state is Stable.",
    );
  });

  it('no reset scope is a usage error', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --reset-offsets --group shipping --to-earliest --execute
One of the reset scopes should be defined: --all-topics, --topic.
`,
      emptyGroup(),
    );
    expect(execute(emptyGroup(), 'kafka-consumer-groups --reset-offsets --group shipping --to-earliest').exitCode).toBe(1);
  });
});

describe('kafka-consumer-groups --delete', () => {
  it('an active group is not deleted; once Empty it is; then it no longer exists', () => {
    const session = expectTranscript(
      `
$ kafka-consumer-groups --delete --group shipping

Error: Deletion of some consumer groups failed:
* Group 'shipping' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.
$ sim consumer stop shipping
consumer shipping is stopping: it finishes its batch, commits and leaves shipping
$ sim consumer stop packing
consumer packing is stopping: it finishes its batch, commits and leaves shipping
$ sim run
quiet at tick 20 after 1 tick
$ kafka-consumer-groups --delete --group shipping
Deletion of requested consumer groups ('shipping') was successful.
$ kafka-consumer-groups --list
$ kafka-consumer-groups --delete --group shipping

Error: Deletion of some consumer groups failed:
* Group 'shipping' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.
`,
      stableGroup(),
    );
    expect(execute(session, 'kafka-consumer-groups --delete --group shipping')).toEqual({
      stdout: [
        '',
        'Error: Deletion of some consumer groups failed:',
        "* Group 'shipping' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.",
      ],
      stderr: [],
      exitCode: 0,
    });
  });

  it('--delete with --topic is rejected (that is --delete-offsets)', () => {
    expectTranscript(
      `
$ kafka-consumer-groups --delete --group shipping --topic orders
The consumer does not support topic-specific offset deletion from a consumer group.
$ kafka-consumer-groups --list
shipping
`,
      emptyGroup(),
    );
  });
});
