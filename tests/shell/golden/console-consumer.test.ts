// Golden transcripts for kafka-console-consumer (reference §2: ConsoleConsumer,
// ConsoleConsumerOptions, DefaultMessageFormatter). Records go to stdout, the count line to
// stderr. Documented difference: without --max-messages (or --timeout-ms) the consumer stops
// once caught up instead of waiting for Ctrl-C. Timestamps are tick × 100 ms after
// 2026-01-01T00:00:00Z (1767225600000).
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';

/** A world with `orders` (1 partition) holding three keyed records, produced at tick 0. */
function withOrders(): ShellSession {
  return setup(
    ShellSession.create(),
    `kafka-topics --create --topic orders
kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF
alice:apple
bob:banana
carol:cherry
EOF`,
  );
}

describe('kafka-console-consumer: where it starts', () => {
  it('--from-beginning prints every record, then the count on stderr', () => {
    const session = expectTranscript(
      `
$ kafka-console-consumer --bootstrap-server localhost:9092 --topic orders --from-beginning
apple
banana
cherry
Processed a total of 3 messages
`,
      withOrders(),
    );
    expect(execute(session, 'kafka-console-consumer --topic orders --from-beginning')).toEqual({
      stdout: ['apple', 'banana', 'cherry'],
      stderr: ['Processed a total of 3 messages'],
      exitCode: 0,
    });
  });

  it('by default (auto.offset.reset=latest) records already there are not printed', () => {
    const session = expectTranscript(
      `
$ kafka-console-consumer --topic orders
Processed a total of 0 messages
`,
      withOrders(),
    );
    expect(execute(session, 'kafka-console-consumer --topic orders')).toEqual({
      stdout: [],
      stderr: ['Processed a total of 0 messages'],
      exitCode: 0,
    });
  });

  it('--consumer-property auto.offset.reset=earliest starts at the beginning too', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --consumer-property auto.offset.reset=earliest
apple
banana
cherry
Processed a total of 3 messages
`,
      withOrders(),
    );
  });

  it('--max-messages stops after N records; the count line is always plural', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --max-messages 2
apple
banana
Processed a total of 2 messages
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1
apple
Processed a total of 1 messages
`,
      withOrders(),
    );
  });

  it('without --group nothing is committed: every run starts over', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1
apple
Processed a total of 1 messages
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1
apple
Processed a total of 1 messages
`,
      withOrders(),
    );
  });

  it('--group commits what it printed on close, so a second run continues; --from-beginning is then ignored', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --group billing --from-beginning --max-messages 2
apple
banana
Processed a total of 2 messages
$ kafka-console-consumer --topic orders --group billing --from-beginning
cherry
Processed a total of 1 messages
$ kafka-console-producer --topic orders <<EOF
damson
EOF
$ kafka-console-consumer --topic orders --group billing
damson
Processed a total of 1 messages
$ kafka-console-consumer --topic orders --group billing --from-beginning
Processed a total of 0 messages
`,
      withOrders(),
    );
  });
});

describe('kafka-console-consumer: DefaultMessageFormatter properties', () => {
  it('print.key: key, key.separator (a tab by default), value; a null key prints null', () => {
    const session = withOrders();
    setup(session, 'kafka-console-producer --topic orders <<EOF\nno key here\nEOF');
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true
alice\tapple
bob\tbanana
carol\tcherry
null\tno key here
Processed a total of 4 messages
`,
      session,
    );
  });

  it('print.timestamp, print.partition, print.offset and print.key come in that fixed order', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true --property print.offset=true --property print.partition=true --property print.timestamp=true
CreateTime:1767225600000\tPartition:0\tOffset:0\talice\tapple
CreateTime:1767225600000\tPartition:0\tOffset:1\tbob\tbanana
CreateTime:1767225600000\tPartition:0\tOffset:2\tcarol\tcherry
Processed a total of 3 messages
`,
      withOrders(),
    );
  });

  it('print.offset and print.partition alone; print.headers with no headers prints NO_HEADERS', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1 --property print.offset=true
Offset:0\tapple
Processed a total of 1 messages
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1 --property print.partition=true
Partition:0\tapple
Processed a total of 1 messages
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1 --property print.headers=true
NO_HEADERS\tapple
Processed a total of 1 messages
`,
      withOrders(),
    );
  });

  it('print.delivery and print.epoch always print NOT_PRESENT (the tool re-wraps each record)', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1 --property print.offset=true --property print.delivery=true --property print.epoch=true --property print.key=true
Offset:0\tDelivery:NOT_PRESENT\tEpoch:NOT_PRESENT\talice\tapple
Processed a total of 1 messages
`,
      withOrders(),
    );
  });

  it('key.separator separates every field, not only the key', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true --property print.offset=true --property key.separator=" | "
Offset:0 | alice | apple
Offset:1 | bob | banana
Offset:2 | carol | cherry
Processed a total of 3 messages
`,
      withOrders(),
    );
  });

  it('print.value=false: the last enabled field ends the line', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true --property print.value=false
alice
bob
carol
Processed a total of 3 messages
$ kafka-console-consumer --topic orders --from-beginning --property print.offset=true --property print.key=true --property print.value=false
Offset:0\talice
Offset:1\tbob
Offset:2\tcarol
Processed a total of 3 messages
`,
      withOrders(),
    );
  });

  it('a boolean property is true only for a trimmed, case-insensitive "true"; --formatter-property is the 4.2 spelling', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1 --property print.key=TRUE
alice\tapple
Processed a total of 1 messages
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1 --property print.key=yes
apple
Processed a total of 1 messages
$ kafka-console-consumer --topic orders --from-beginning --max-messages 1 --formatter-property print.key=true
alice\tapple
Processed a total of 1 messages
`,
      withOrders(),
    );
  });
});

describe('kafka-console-consumer: ending and errors', () => {
  it('--timeout-ms expiry: the TimeoutException is logged, then the count, all on stderr, exit 0', () => {
    const session = expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --timeout-ms 1000
apple
banana
cherry
ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)
org.apache.kafka.common.errors.TimeoutException
Processed a total of 3 messages
`,
      withOrders(),
    );
    expect(execute(session, 'kafka-console-consumer --topic orders --timeout-ms 500')).toEqual({
      stdout: [],
      stderr: [
        'ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)',
        'org.apache.kafka.common.errors.TimeoutException',
        'Processed a total of 0 messages',
      ],
      exitCode: 0,
    });
    // --max-messages reached first: a normal end, no exception.
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --max-messages 2 --timeout-ms 1000
apple
banana
Processed a total of 2 messages
`,
      session,
    );
  });

  it.each([
    ['kafka-console-consumer --from-beginning', 'Exactly one of --include/--topic is required. '],
    ['kafka-console-consumer --topic orders --offset 3', 'The partition is required when offset is specified.'],
    ['kafka-console-consumer --topic orders --group g --partition 0', 'Options group and partition cannot be specified together.'],
    [
      'kafka-console-consumer --topic orders --from-beginning --consumer-property auto.offset.reset=latest',
      "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option",
    ],
  ])('usage error: %s', (command, message) => {
    expectTranscript(`$ ${command}\n${message}\n`, withOrders());
    expect(execute(withOrders(), command)).toEqual({ stdout: [], stderr: [message], exitCode: 1 });
  });
});

// Read from Kafka's source (tools/.../consumer/ConsoleConsumer.java and ConsoleConsumerOptions,
// clients/.../ClassicKafkaConsumer.subscribeInternal, NetworkClient, Metadata, InvalidTopicException).
describe('kafka-console-consumer: --max-messages, --timeout-ms and topic names as Kafka reads them', () => {
  const COUNT_0 = 'Processed a total of 0 messages';

  it('--max-messages 0 (and any negative but -1) never polls: only the count line, no group joined', () => {
    // process(): `while (messageCount < maxMessages || maxMessages == -1)` does not run for 0 or -2.
    const session = expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --group billing --max-messages 0
Processed a total of 0 messages
$ kafka-console-consumer --topic orders --from-beginning --group billing --max-messages -2
Processed a total of 0 messages
$ kafka-consumer-groups --list
`,
      withOrders(),
    );
    expect(execute(session, 'kafka-console-consumer --topic orders --max-messages 0')).toEqual({ stdout: [], stderr: [COUNT_0], exitCode: 0 });
    // No poll, so not even a missing topic's metadata warning.
    expect(execute(session, 'kafka-console-consumer --topic payments --max-messages 0')).toEqual({ stdout: [], stderr: [COUNT_0], exitCode: 0 });
  });

  it('--max-messages -1 is the default: no limit', () => {
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --max-messages -1
apple
banana
cherry
Processed a total of 3 messages
`,
      withOrders(),
    );
  });

  it('a negative --timeout-ms is no timeout (parseTimeoutMs: Long.MAX_VALUE), so no TimeoutException', () => {
    const session = expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --timeout-ms -1
apple
banana
cherry
Processed a total of 3 messages
`,
      withOrders(),
    );
    expect(execute(session, 'kafka-console-consumer --topic orders --timeout-ms -500')).toEqual({ stdout: [], stderr: [COUNT_0], exitCode: 0 });
  });

  it('an invalid topic name: the broker says INVALID_TOPIC_EXCEPTION, poll throws InvalidTopicException, exit 0', () => {
    const session = withOrders();
    expectTranscript(
      `
$ kafka-console-consumer --topic "my orders" --from-beginning --group billing
WARN [Consumer clientId=console-consumer, groupId=billing] The metadata response from the cluster reported a recoverable issue with correlation id 2 : {my orders=INVALID_TOPIC_EXCEPTION} (org.apache.kafka.clients.NetworkClient)
ERROR [Consumer clientId=console-consumer, groupId=billing] Metadata response reported invalid topics [my orders] (org.apache.kafka.clients.Metadata)
ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)
org.apache.kafka.common.errors.InvalidTopicException: Invalid topics: [my orders]
Processed a total of 0 messages
$ kafka-consumer-groups --list
`,
      session,
    );
    const long = 'x'.repeat(250);
    // Without --group the generated console-consumer-NNNNN group names the client in the log prefix.
    const generated = /^WARN \[Consumer clientId=console-consumer, groupId=console-consumer-\d+\] /;
    expect(execute(session, 'kafka-console-consumer --topic "a/b"').stderr[0]).toMatch(generated);
    expect(execute(session, `kafka-console-consumer --topic ${long} --group billing`)).toEqual({
      stdout: [],
      stderr: [
        `WARN [Consumer clientId=console-consumer, groupId=billing] The metadata response from the cluster reported a recoverable issue with correlation id 2 : {${long}=INVALID_TOPIC_EXCEPTION} (org.apache.kafka.clients.NetworkClient)`,
        `ERROR [Consumer clientId=console-consumer, groupId=billing] Metadata response reported invalid topics [${long}] (org.apache.kafka.clients.Metadata)`,
        'ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)',
        `org.apache.kafka.common.errors.InvalidTopicException: Invalid topics: [${long}]`,
        COUNT_0,
      ],
      exitCode: 0,
    });
    // The group was never joined.
    expect(execute(session, 'kafka-consumer-groups --list').stdout).toEqual([]);
  });

  it('an empty or blank --topic: subscribe() refuses it before the count can print; main() logs it, exit 1', () => {
    const stderr = [
      'ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)',
      'java.lang.IllegalArgumentException: Topic collection to subscribe to cannot contain null or empty topic',
    ];
    expectTranscript(`$ kafka-console-consumer --topic "" --from-beginning\n${stderr.join('\n')}\n`, withOrders());
    expect(execute(withOrders(), 'kafka-console-consumer --topic "  " --group billing')).toEqual({ stdout: [], stderr, exitCode: 1 });
  });

  it('a topic that does not exist: the 4.x NetworkClient warning (UNKNOWN_TOPIC_OR_PARTITION), then the count', () => {
    expect(execute(withOrders(), 'kafka-console-consumer --topic payments --group billing')).toEqual({
      stdout: [],
      stderr: [
        'WARN [Consumer clientId=console-consumer, groupId=billing] The metadata response from the cluster reported a recoverable issue with correlation id 2 : {payments=UNKNOWN_TOPIC_OR_PARTITION} (org.apache.kafka.clients.NetworkClient)',
        COUNT_0,
      ],
      exitCode: 0,
    });
  });

  it('--from-beginning with any auto.offset.reset but earliest is refused, exit 1', () => {
    const message = "Can't simultaneously specify --from-beginning and 'auto.offset.reset=none', please remove one option";
    expect(execute(withOrders(), 'kafka-console-consumer --topic orders --from-beginning --consumer-property auto.offset.reset=none')).toEqual({
      stdout: [],
      stderr: [message],
      exitCode: 1,
    });
    expectTranscript(
      `
$ kafka-console-consumer --topic orders --from-beginning --consumer-property auto.offset.reset=earliest --max-messages 1
apple
Processed a total of 1 messages
`,
      withOrders(),
    );
  });
});
