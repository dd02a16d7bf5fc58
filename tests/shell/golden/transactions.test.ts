// Golden transcripts for transactions in the shell: kafka-transactions (TransactionsCommand,
// argparse4j 0.7.0), kafka-console-consumer --isolation-level, sim processor and
// sim ledger --output. Usage errors are the verbatim argparse4j output recorded in
// docs/reference/kafka-4-transactions.md §1.3; table lines follow ToolsUtils.prettyPrintTable
// (§1.4): every cell padded to its column's width, then a tab, the last cell too.
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';
import { BILLING_MID_TRANSACTION } from '../../stories.ts';

const MAIN_USAGE = ['usage: kafka-transactions.sh [-h] [-v] [--command-config FILE]', '                             --bootstrap-server host:port COMMAND ...'];
const ABORT_USAGE = [
  'usage: kafka-transactions.sh --bootstrap-server host:port abort [-h]',
  '                             --topic TOPIC --partition PARTITION',
  '                             [--start-offset START_OFFSET]',
  '                             [--producer-id PRODUCER_ID]',
  '                             [--producer-epoch PRODUCER_EPOCH]',
  '                             [--coordinator-epoch COORDINATOR_EPOCH]',
];
const DEBUG = 'Enable debug logging for additional detail.';

/** The world of tests/stories.ts's BILLING_MID_TRANSACTION: billing's first transaction open, o1 written. */
function midTransaction(): ShellSession {
  return setup(ShellSession.create(), BILLING_MID_TRANSACTION);
}

describe('kafka-transactions: usage errors, as argparse4j prints them', () => {
  it.each([
    ['kafka-transactions', [...MAIN_USAGE, 'kafka-transactions.sh: error: too few arguments']],
    [
      'kafka-transactions --bootstrap-server localhost:9092 foo',
      [
        ...MAIN_USAGE,
        "kafka-transactions.sh: error: invalid  choice:  'foo'  (choose from 'list',",
        "'describe', 'describe-producers', 'abort', 'find-hanging')",
        '',
        'Did you mean:',
        '\tabort',
      ],
    ],
    [
      'kafka-transactions lst',
      [
        ...MAIN_USAGE,
        "kafka-transactions.sh: error: invalid  choice:  'lst'  (choose from 'list',",
        "'describe', 'describe-producers', 'abort', 'find-hanging')",
        '',
        'Did you mean:',
        '\tlist',
      ],
    ],
    [
      'kafka-transactions desc --transactional-id x',
      [...MAIN_USAGE, 'kafka-transactions.sh:  error:   ambiguous   command:   desc   could  match', 'describe, describe-producers'],
    ],
    [
      'kafka-transactions describe',
      [
        'usage: kafka-transactions.sh --bootstrap-server host:port describe [-h]',
        '                             --transactional-id TRANSACTIONAL_ID',
        'kafka-transactions.sh: error: argument --transactional-id is required',
      ],
    ],
    ['kafka-transactions abort', [...ABORT_USAGE, 'kafka-transactions.sh: error: argument --partition is required']],
    ['kafka-transactions abort --topic t', [...ABORT_USAGE, 'kafka-transactions.sh: error: argument --partition is required']],
    [
      'kafka-transactions abort --topic t --partition x',
      [...ABORT_USAGE, "kafka-transactions.sh: error: argument --partition:  could  not convert 'x'", 'to Integer (For input string: "x")'],
    ],
    [
      'kafka-transactions list --duration-filter x',
      [
        'usage: kafka-transactions.sh --bootstrap-server host:port list [-h]',
        '                             [--duration-filter DURATION_FILTER]',
        // Justified as argparse4j's TextHelper.wrap does (§1.3), like the expected-one-argument sample there.
        'kafka-transactions.sh:  error:   argument   --duration-filter:   could  not',
        'convert \'x\' to Long (For input string: "x")',
      ],
    ],
  ])('%s', (command, stderr) => {
    expect(execute(ShellSession.create(), command)).toEqual({ stdout: [], stderr, exitCode: 1 });
  });

  it('a subcommand prefix that names one subcommand is that subcommand (lis is list); with no transactions only the header', () => {
    expect(execute(ShellSession.create(), 'kafka-transactions lis')).toEqual({
      stdout: ['TransactionalId\tCoordinator\tProducerId\tTransactionState\t'],
      stderr: [],
      exitCode: 0,
    });
  });

  it('an option of another subcommand is an unrecognized argument', () => {
    expect(execute(ShellSession.create(), 'kafka-transactions describe-producers --topic t --partition 0 --transactional-id x')).toEqual({
      stdout: [],
      stderr: [
        'usage: kafka-transactions.sh --bootstrap-server host:port',
        '                             describe-producers [-h]',
        '                             [--broker-id BROKER_ID] --topic TOPIC',
        '                             --partition PARTITION',
        "kafka-transactions.sh: error: unrecognized arguments: '--transactional-id'",
      ],
      exitCode: 1,
    });
  });
});

describe('kafka-transactions: what it reports', () => {
  it('list and describe show the open transaction; describe of an unknown id fails', () => {
    const session = midTransaction();
    // Start 14 ticks × 100 ms after 2026-01-01T00:00:00Z (1767225600000); now is tick 16: 200 ms.
    expect(execute(session, 'kafka-transactions list')).toEqual({
      stdout: ['TransactionalId\tCoordinator\tProducerId\tTransactionState\t', 'billing        \t1          \t1         \tOngoing         \t'],
      stderr: [],
      exitCode: 0,
    });
    expect(execute(session, 'kafka-transactions describe --transactional-id billing').stdout).toEqual([
      'CoordinatorId\tTransactionalId\tProducerId\tProducerEpoch\tTransactionState\tTransactionTimeoutMs\tCurrentTransactionStartTimeMs\tTransactionDurationMs\tTopicPartitions\t',
      '1            \tbilling        \t1         \t0            \tOngoing         \t4000                \t1767225601400                \t200                  \tinvoices-0     \t',
    ]);
    expect(execute(session, 'kafka-transactions describe --transactional-id nope')).toEqual({
      stdout: [],
      stderr: [
        `Failed to describe transaction state of transactional-id \`nope\`: DescribeTransactions request for transactionalId \`nope\` failed because the ID could not be found. ${DEBUG}`,
      ],
      exitCode: 1,
    });
  });

  it('describe-producers shows where the open transaction starts; find-hanging finds nothing the coordinator still tracks', () => {
    const session = midTransaction();
    expect(execute(session, 'kafka-transactions describe-producers --topic invoices --partition 0').stdout).toEqual([
      'ProducerId\tProducerEpoch\tLatestCoordinatorEpoch\tLastSequence\tLastTimestamp\tCurrentTransactionStartOffset\t',
      '1         \t0            \t0                     \t0           \t1767225601400\t0                            \t',
    ]);
    expect(execute(session, 'kafka-transactions find-hanging --topic invoices --max-transaction-timeout 0')).toEqual({
      stdout: ['Topic\tPartition\tProducerId\tProducerEpoch\tCoordinatorEpoch\tStartOffset\tLastTimestamp\tDuration(min)\t'],
      stderr: [],
      exitCode: 0,
    });
    expect(execute(session, 'kafka-transactions find-hanging')).toEqual({
      stdout: [],
      stderr: ['The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search'],
      exitCode: 1,
    });
    expect(execute(session, 'kafka-transactions find-hanging --broker-id 1 --partition 0').stderr).toEqual([
      'The --partition argument requires --topic to be provided',
    ]);
  });

  it('abort writes an ABORT marker at the log end of that partition only; a read_committed reader then sees past it', () => {
    const session = midTransaction();
    expectTranscript(
      `
$ kafka-transactions abort --topic invoices --partition 0 --start-offset 7
Could not find any open transactions starting at offset 7 on partition invoices-0
`,
      session,
    );
    expect(execute(session, 'kafka-transactions abort --topic invoices --partition 0').stderr).toEqual([
      'The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)',
    ]);
    expect(execute(session, 'kafka-transactions abort --topic invoices --partition 0 --producer-id 1').stderr).toEqual([
      'Missing required argument --producer-epoch',
    ]);
    // A Long the simulator cannot hold exactly is refused in its own words, never rounded.
    expect(
      execute(session, 'kafka-transactions abort --topic invoices --partition 0 --producer-id 9223372036854775807 --producer-epoch 1 --coordinator-epoch 0'),
    ).toEqual({
      stdout: [],
      stderr: ['error: Streamlab simulates producer ids from 0 to 9007199254740991 and epochs from 0 to 32767; got producer id 9223372036854775807, epoch 1'],
      exitCode: 1,
    });
    expect(execute(session, 'kafka-transactions abort --topic invoices --partition 0 --start-offset 9223372036854775807').stderr).toEqual([
      'Could not find any open transactions starting at offset 9223372036854775807 on partition invoices-0',
    ]);
    // Success prints nothing. invoices-0 held o1 at 0; the marker takes offset 1.
    expect(execute(session, 'kafka-transactions abort --topic invoices --partition 0 --start-offset 0')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
    expectTranscript(
      `
$ kafka-transactions describe-producers --topic invoices --partition 0
ProducerId\tProducerEpoch\tLatestCoordinatorEpoch\tLastSequence\tLastTimestamp\tCurrentTransactionStartOffset\t
1         \t0            \t0                     \t0           \t-1           \tNone                         \t
$ kafka-get-offsets --topic invoices
invoices:0:2
`,
      session,
    );
  });
});

describe('kafka-console-consumer --isolation-level', () => {
  it('read_committed stops at the open transaction; read_uncommitted reads it; the flag wins over the property', () => {
    // While the read_uncommitted reader catches up, billing writes o2 and o3 (one every 5 ticks)
    // into the same open transaction, and it reads them too.
    expectTranscript(
      `
$ kafka-console-consumer --topic invoices --from-beginning --isolation-level read_committed
Processed a total of 0 messages
$ kafka-console-consumer --topic invoices --from-beginning --consumer-property isolation.level=read_committed --isolation-level read_uncommitted
o1
o2
o3
Processed a total of 3 messages
$ kafka-console-consumer --topic invoices --from-beginning --consumer-property isolation.level=read_committed
Processed a total of 0 messages
`,
      midTransaction(),
    );
  });

  it('print.offset shows the gap each marker leaves', () => {
    // o1…o4 at invoices 0-3 and the COMMIT marker at 4; a second batch (o5) at 5, its marker at 6.
    const session = midTransaction();
    setup(
      session,
      `sim run
kafka-console-producer --topic orders <<EOF
o5
EOF
sim run`,
    );
    expectTranscript(
      `
$ kafka-console-consumer --topic invoices --from-beginning --isolation-level read_committed --property print.offset=true
Offset:0\to1
Offset:1\to2
Offset:2\to3
Offset:3\to4
Offset:5\to5
Processed a total of 5 messages
$ kafka-get-offsets --topic invoices
invoices:0:7
`,
      session,
    );
  });

  it("an invalid level is ConsumerConfig's ConfigException (case-sensitive), logged by main, exit 1, no count", () => {
    const expected = {
      stdout: [],
      stderr: [
        'ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)',
        'org.apache.kafka.common.config.ConfigException: Invalid value READ_COMMITTED for configuration isolation.level: String must be one of: read_committed, read_uncommitted',
      ],
      exitCode: 1,
    };
    expect(execute(midTransaction(), 'kafka-console-consumer --topic invoices --isolation-level READ_COMMITTED')).toEqual(expected);
    expect(execute(midTransaction(), 'kafka-console-consumer --topic invoices --consumer-property isolation.level=READ_COMMITTED')).toEqual(expected);
  });
});

describe('sim processor and the output ledger', () => {
  it('exactly once: a crash mid-transaction leaves no duplicate a read_committed reader can see, though the group processed twice', () => {
    const session = midTransaction();
    expectTranscript(
      `
$ sim crash billing
processor billing crashed, losing its uncommitted positions orders-0@4
its transaction stays open until transaction.timeout.ms passes or billing restarts
$ sim restart billing
processor billing restarted: it initializes transactional.id billing (fencing its old epoch), rejoins billing and resumes from the committed offsets
`,
      session,
    );
    setup(session, 'sim run');
    expectTranscript(
      `
$ sim ledger --output invoices --isolation read_committed
output invoices: inputs 4, committed outputs 4, duplicated 0, missing 0
$ sim ledger --output invoices --isolation read_uncommitted
output invoices: inputs 4, committed outputs 5, duplicated 1, missing 0
  duplicated orders-0@0: 2 outputs (invoices-0@0, invoices-0@2)
`,
      session,
    );
    expect(execute(session, 'sim ledger --group billing').stdout[0]).toBe('group billing: processed 5, distinct 4, duplicated 1, skipped 0');
  });

  it('refusals name what is wrong and change nothing', () => {
    const session = midTransaction();
    expectTranscript(
      `
$ sim ledger --output orders
error: no processor writes to orders
$ sim ledger --output invoices --group billing
error: sim ledger takes one of --group, --producer and --output
$ sim ledger --group billing --isolation read_committed
error: sim ledger takes --isolation only with --output
$ sim processor start billing --group g --from orders --to other
error: a consumer named billing already exists; use sim restart billing
$ sim processor start copy --group g --from orders --to orders
error: a processor reads orders and writes another topic: --from and --to must differ
$ sim processor start copy --group g --from orders --to __consumer_offsets
error: Cannot append to internal topic __consumer_offsets
$ sim processor stop shop
error: no processor named shop
`,
      session,
    );
  });
});

describe('lag of a read_committed group', () => {
  it('is measured against the high watermark, as kafka-consumer-groups lists offsets READ_UNCOMMITTED (ConsumerGroupCommand)', () => {
    // Mid-transaction invoices-0 holds o1 at 0 (open); billing crashes, so nothing more comes and
    // the transaction stays open: HW 1, LSO 0. A read_committed reader in group readers reads
    // nothing and commits 0 when it closes; its lag is HW − 0 = 1, though it has read all it may.
    const session = midTransaction();
    setup(session, 'sim crash billing\nkafka-console-consumer --topic invoices --group readers --from-beginning --isolation-level read_committed');
    const lines = execute(session, 'kafka-consumer-groups --describe --group readers').stdout.filter((l) => l.startsWith('readers'));
    expect(lines.map((l) => l.split(/\s+/).slice(0, 6))).toEqual([['readers', 'invoices', '0', '0', '1', '1']]);
  });
});

describe('kafka-transactions: failures reported as the tool reports them', () => {
  it('describe-producers of a partition that does not exist', () => {
    expect(execute(ShellSession.create(), 'kafka-transactions describe-producers --topic nope --partition 0')).toEqual({
      stdout: [],
      stderr: [`Failed to describe producers for partition nope-0 on leader: This server does not host this topic-partition.. ${DEBUG}`],
      exitCode: 1,
    });
  });
});
