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
