// Golden transcripts for kafka-console-producer (reference §3, ConsoleProducer and
// LineMessageReader). A successful send prints nothing; input comes from a heredoc, so there
// is no `>` prompt (piped input, JDK ≤ 21).
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';

const AUTO_CREATE_WARN = (topic: string) =>
  `WARN [Producer clientId=console-producer] The metadata response from the cluster reported a recoverable issue with correlation id 1 : {${topic}=UNKNOWN_TOPIC_OR_PARTITION} (org.apache.kafka.clients.NetworkClient)`;

describe('kafka-console-producer', () => {
  it('sends each line as a record and prints nothing; an empty line is an empty value', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders');
    expectTranscript(
      `
$ kafka-console-producer --bootstrap-server localhost:9092 --topic orders <<EOF
first order
second order, with  two spaces

fourth
EOF
$ kafka-get-offsets --topic orders
orders:0:4
$ kafka-console-consumer --topic orders --from-beginning --property print.offset=true
Offset:0\tfirst order
Offset:1\tsecond order, with  two spaces
Offset:2\t
Offset:3\tfourth
Processed a total of 4 messages
`,
      session,
    );
    expect(execute(session, 'kafka-console-producer --topic orders <<EOF\nfifth\nEOF')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
  });

  it('keyless lines stick to one partition (uniform sticky partitioner)', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders --partitions 3
Created topic orders.
$ kafka-console-producer --topic orders <<EOF
a
b
c
EOF
$ kafka-console-consumer --topic orders --from-beginning --property print.partition=true --property print.key=true
Partition:1\tnull\ta
Partition:1\tnull\tb
Partition:1\tnull\tc
Processed a total of 3 messages
`);
  });

  it('parse.key=true splits at the first key.separator; the value may hold more of them', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF
alice:order 1
bob:order:2
:no key
carol:
EOF
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true
alice\torder 1
bob\torder:2
\tno key
carol\t
Processed a total of 4 messages
`);
  });

  it('the default key.separator is a tab; --reader-property is the 4.2 spelling of --property', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-console-producer --topic orders --reader-property parse.key=true <<EOF
alice\torder 1
EOF
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true --property key.separator=,
alice,order 1
Processed a total of 1 messages
`);
  });

  // The tool stops at the bad line, but its exit runs the producer-shutdown-hook
  // (producer.close), which still delivers the lines before it.
  it('a line without the separator: KafkaException on stderr (no frames), exit 1; earlier lines are delivered', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders');
    expectTranscript(
      `
$ kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF
alice:order 1
hello
EOF
org.apache.kafka.common.KafkaException: No key separator found on line number 2: 'hello'
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true
alice\torder 1
Processed a total of 1 messages
`,
      session,
    );
    expect(execute(session, 'kafka-console-producer --topic orders --property parse.key=true <<EOF\nalice:order 1\nEOF')).toEqual({
      stdout: [],
      stderr: ["org.apache.kafka.common.KafkaException: No key separator found on line number 1: 'alice:order 1'"],
      exitCode: 1,
    });
  });

  it('ignore.error=true sends a line without the separator with a null key and the whole line as value', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-console-producer --topic orders --property parse.key=true --property key.separator=: --property ignore.error=true <<EOF
hello
alice:order 1
EOF
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true
null\thello
alice\torder 1
Processed a total of 2 messages
`);
  });

  it('null.marker turns a key or value equal to it into null', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-console-producer --topic orders --property parse.key=true --property key.separator=: --property null.marker=NULL <<EOF
NULL:no key
alice:NULL
EOF
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true
null\tno key
alice\tnull
Processed a total of 2 messages
`);
  });

  it('acks is a producer config (--producer-property, or --command-property in 4.2); every setting delivers here', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-console-producer --topic orders --producer-property acks=0 <<EOF
a
EOF
$ kafka-console-producer --topic orders --producer-property acks=1 <<EOF
b
EOF
$ kafka-console-producer --topic orders --producer-property acks=all <<EOF
c
EOF
$ kafka-console-producer --topic orders --command-property acks=-1 <<EOF
d
EOF
$ kafka-get-offsets --topic orders
orders:0:4
`);
  });

  it('a missing topic is auto-created (1 partition) after a metadata WARN on stderr', () => {
    const session = expectTranscript(`
$ kafka-console-producer --topic clicks <<EOF
home
cart
EOF
WARN [Producer clientId=console-producer] The metadata response from the cluster reported a recoverable issue with correlation id 1 : {clicks=UNKNOWN_TOPIC_OR_PARTITION} (org.apache.kafka.clients.NetworkClient)
$ kafka-topics --list
clicks
$ kafka-get-offsets --topic clicks
clicks:0:2
$ kafka-console-producer --topic clicks <<EOF
checkout
EOF
`);
    expect(execute(session, 'kafka-console-producer --topic views <<EOF\nhome\nEOF')).toEqual({
      stdout: [],
      stderr: [AUTO_CREATE_WARN('views')],
      exitCode: 0,
    });
  });

  it('without --topic is a usage error on stderr, exit 1', () => {
    expectTranscript(`
$ kafka-console-producer <<EOF
a
EOF
Missing required argument "[topic]"
`);
    expect(execute(ShellSession.create(), 'kafka-console-producer <<EOF\na\nEOF')).toEqual({
      stdout: [],
      stderr: ['Missing required argument "[topic]"'],
      exitCode: 1,
    });
  });
});

const CALLBACK = '(org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)';

// KafkaProducer.doSend checks each record against max.request.size (ensureValidRecordSize) with
// AbstractRecords.estimateSizeInBytesUpperBound: a 61-byte batch header (DefaultRecordBatch.
// RECORD_BATCH_OVERHEAD) + 21 bytes of record overhead (DefaultRecord.MAX_RECORD_OVERHEAD) + key and
// value, each a zig-zag varint length then its UTF-8 bytes (a null one is the 1-byte varint -1),
// + 1 byte for zero headers. Worked by hand:
//   null key, 15-byte value:  61 + 21 + 1 + (1 + 15) + 1 = 100
//   null key, 16-byte value:  61 + 21 + 1 + (1 + 16) + 1 = 101
//   key alice (5), 10 bytes:  61 + 21 + (1 + 5) + (1 + 10) + 1 = 100
//   key alice (5), 11 bytes:  61 + 21 + (1 + 5) + (1 + 11) + 1 = 101
//   null key, 22 bytes:       61 + 21 + 1 + (1 + 22) + 1 = 107
//   null key, null value:     61 + 21 + 1 + 1 + 1 = 85
//   null key, 1048489 bytes:  61 + 21 + 1 + (3 + 1048489) + 1 = 1048576  (varint of 2 × 1048489 < 2^21: 3 bytes)
//   null key, 1048490 bytes:  61 + 21 + 1 + (3 + 1048490) + 1 = 1048577
// The callback (ErrorLoggingCallback, logAsString false) shows key and value as byte counts.
describe('kafka-console-producer: records larger than max.request.size', () => {
  it('a record over max.request.size fails alone with RecordTooLargeException; the others are sent; exit 0', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders');
    expectTranscript(
      `
$ kafka-console-producer --topic orders --producer-property max.request.size=100 <<EOF
fifteen bytes!!
sixteen bytes!!!
small
EOF
ERROR Error when sending message to topic orders with key: null, value: 16 bytes with error: ${CALLBACK}
org.apache.kafka.common.errors.RecordTooLargeException: The message is 101 bytes when serialized which is larger than 100, which is the value of the max.request.size configuration.
$ kafka-console-consumer --topic orders --from-beginning
fifteen bytes!!
small
Processed a total of 2 messages
`,
      session,
    );
    expect(
      execute(
        session,
        'kafka-console-producer --topic orders --producer-property max.request.size=100 --property parse.key=true --property key.separator=: --property null.marker=NULL <<EOF\nalice:ten bytes!\nalice:eleven byte\nNULL:NULL\nEOF',
      ),
    ).toEqual({
      stdout: [],
      stderr: [
        `ERROR Error when sending message to topic orders with key: 5 bytes, value: 11 bytes with error: ${CALLBACK}`,
        'org.apache.kafka.common.errors.RecordTooLargeException: The message is 101 bytes when serialized which is larger than 100, which is the value of the max.request.size configuration.',
      ],
      exitCode: 0,
    });
    expect(execute(session, 'kafka-get-offsets --topic orders').stdout).toEqual(['orders:0:4']);
    // A null record (85 bytes) is still too large for max.request.size=84; a non-ASCII value counts its UTF-8 bytes.
    expect(
      execute(session, 'kafka-console-producer --topic orders --producer-property max.request.size=84 --property null.marker=NULL <<EOF\nNULL\nEOF').stderr,
    ).toEqual([
      `ERROR Error when sending message to topic orders with key: null, value: null with error: ${CALLBACK}`,
      'org.apache.kafka.common.errors.RecordTooLargeException: The message is 85 bytes when serialized which is larger than 84, which is the value of the max.request.size configuration.',
    ]);
    expect(execute(session, 'kafka-console-producer --topic orders --producer-property max.request.size=86 <<EOF\né\nEOF').stderr[0]).toBe(
      `ERROR Error when sending message to topic orders with key: null, value: 2 bytes with error: ${CALLBACK}`,
    );
  });

  it('the default max.request.size is 1048576: a 1048489-byte line fits, a 1048490-byte one does not', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic blobs');
    expect(execute(session, `kafka-console-producer --topic blobs <<EOF\n${'x'.repeat(1_048_489)}\n${'y'.repeat(1_048_490)}\nEOF`)).toEqual({
      stdout: [],
      stderr: [
        `ERROR Error when sending message to topic blobs with key: null, value: 1048490 bytes with error: ${CALLBACK}`,
        'org.apache.kafka.common.errors.RecordTooLargeException: The message is 1048577 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.',
      ],
      exitCode: 0,
    });
    expect(execute(session, 'kafka-get-offsets --topic blobs').stdout).toEqual(['blobs:0:1']);
  });

  it('a missing topic is still auto-created (metadata comes first), even when every record is too large', () => {
    expectTranscript(`
$ kafka-console-producer --topic clicks --producer-property max.request.size=90 <<EOF
this value is too long
EOF
WARN [Producer clientId=console-producer] The metadata response from the cluster reported a recoverable issue with correlation id 1 : {clicks=UNKNOWN_TOPIC_OR_PARTITION} (org.apache.kafka.clients.NetworkClient)
ERROR Error when sending message to topic clicks with key: null, value: 22 bytes with error: ${CALLBACK}
org.apache.kafka.common.errors.RecordTooLargeException: The message is 107 bytes when serialized which is larger than 90, which is the value of the max.request.size configuration.
$ kafka-get-offsets --topic clicks
clicks:0:0
`);
  });

  // ProducerConfig: max.request.size is an INT, at least 0; acks a STRING in [all, -1, 0, 1]. The
  // KafkaProducer constructor throws ConfigException ("Invalid value V for configuration N: why"),
  // which ConsoleProducer.start prints with printStackTrace (frames left out here), exit 1.
  it.each([
    ['max.request.size=abc', 'Invalid value abc for configuration max.request.size: Not a number of type INT'],
    ['max.request.size=-5', 'Invalid value -5 for configuration max.request.size: Value must be at least 0'],
    ['max.request.size=2147483648', 'Invalid value 2147483648 for configuration max.request.size: Not a number of type INT'],
    ['acks=2', 'Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1'],
  ])('--producer-property %s: ConfigException on stderr, exit 1, nothing sent', (property, message) => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders');
    expect(execute(session, `kafka-console-producer --topic orders --producer-property ${property} <<EOF\na\nEOF`)).toEqual({
      stdout: [],
      stderr: [`org.apache.kafka.common.config.ConfigException: ${message}`],
      exitCode: 1,
    });
    expect(execute(session, 'kafka-get-offsets --topic orders').stdout).toEqual(['orders:0:0']);
  });

  it('config values are trimmed before they are parsed (ConfigDef.parseType)', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders');
    expect(
      execute(session, 'kafka-console-producer --topic orders --producer-property "max.request.size= 100 " --producer-property "acks= 1" <<EOF\na\nEOF'),
    ).toEqual({
      stdout: [],
      stderr: [],
      exitCode: 0,
    });
  });
});

describe('kafka-console-producer: topic names', () => {
  // The broker answers the metadata request for a name Topic.validate refuses with
  // INVALID_TOPIC_EXCEPTION (AutoTopicCreationManager.filterCreatableTopics): NetworkClient warns,
  // Metadata logs the invalid topics, and waitOnMetadata throws InvalidTopicException, "Invalid
  // topics: [t]" the first time (Metadata.maybeThrowExceptionForTopic), then just the name (the
  // cached cluster lists it: `throw new InvalidTopicException(topic)`). Sends fail, the tool exits 0.
  it('an invalid name: the metadata WARN and ERROR, then each record fails in the callback; exit 0; nothing created', () => {
    const session = expectTranscript(`
$ kafka-console-producer --topic "my orders" <<EOF
hello
wörld
EOF
WARN [Producer clientId=console-producer] The metadata response from the cluster reported a recoverable issue with correlation id 1 : {my orders=INVALID_TOPIC_EXCEPTION} (org.apache.kafka.clients.NetworkClient)
ERROR [Producer clientId=console-producer] Metadata response reported invalid topics [my orders] (org.apache.kafka.clients.Metadata)
ERROR Error when sending message to topic my orders with key: null, value: 5 bytes with error: ${CALLBACK}
org.apache.kafka.common.errors.InvalidTopicException: Invalid topics: [my orders]
ERROR Error when sending message to topic my orders with key: null, value: 6 bytes with error: ${CALLBACK}
org.apache.kafka.common.errors.InvalidTopicException: my orders
$ kafka-topics --list

`);
    expect(execute(session, 'kafka-console-producer --topic .. <<EOF\na\nEOF').exitCode).toBe(0);
    // With no records nothing is sent, so nothing is looked up either.
    expect(execute(session, 'kafka-console-producer --topic "my orders" <<EOF\nEOF')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
  });

  // Auto-creation of a colliding name is refused by the controller, so every metadata answer is
  // UNKNOWN_TOPIC_OR_PARTITION and each send blocks max.block.ms (60000, the tool's --max-block-ms
  // default) before KafkaProducer.waitOnMetadata gives up: "Topic %s not present in metadata after
  // %d ms.", with the retriable metadata error as its cause.
  it('a name colliding with an existing topic is never created: each record times out after max.block.ms', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic a.b');
    expectTranscript(
      `
$ kafka-console-producer --topic a_b <<EOF
one
two
EOF
WARN [Producer clientId=console-producer] The metadata response from the cluster reported a recoverable issue with correlation id 1 : {a_b=UNKNOWN_TOPIC_OR_PARTITION} (org.apache.kafka.clients.NetworkClient)
ERROR Error when sending message to topic a_b with key: null, value: 3 bytes with error: ${CALLBACK}
org.apache.kafka.common.errors.TimeoutException: Topic a_b not present in metadata after 60000 ms.
Caused by: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.
ERROR Error when sending message to topic a_b with key: null, value: 3 bytes with error: ${CALLBACK}
org.apache.kafka.common.errors.TimeoutException: Topic a_b not present in metadata after 60000 ms.
Caused by: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.
$ kafka-topics --list
a.b
$ sim status
tick 1200 (quiet)
topic a.b: p0 [0, 0)
`,
      session,
    );
  });

  // Not Kafka's: a simulator limit refusing the auto-creation is said in the simulator's voice.
  it("a missing topic the simulator's partition limit cannot make room for: `error: …`, exit 1, nothing sent", () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic a --partitions 10000\nkafka-topics --create --topic b --partitions 10000');
    expect(execute(session, 'kafka-console-producer --topic c <<EOF\nx\nEOF')).toEqual({
      stdout: [],
      stderr: [
        'error: 1 more partition(s) would make 20,001 in this world: over the simulator\'s limit of 20,000 partitions in a world (see "Limits" in docs/shell.md)',
      ],
      exitCode: 1,
    });
    expect(execute(session, 'kafka-topics --list').stdout).toEqual(['a', 'b']);
  });

  // ReplicaManager.appendToLocalLog refuses a client's append to an internal topic with an
  // InvalidTopicException whose message it does not send (hasCustomErrorMessage = false), so the
  // producer reports INVALID_TOPIC_EXCEPTION's default message for each record.
  it('__consumer_offsets takes no records from a client: each fails with InvalidTopicException, exit 0', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders\nkafka-console-consumer --topic orders --group billing');
    expectTranscript(
      `
$ kafka-console-producer --topic __consumer_offsets <<EOF
x
EOF
ERROR Error when sending message to topic __consumer_offsets with key: null, value: 1 bytes with error: ${CALLBACK}
org.apache.kafka.common.errors.InvalidTopicException: The request attempted to perform an operation on an invalid topic.
$ kafka-topics --list
__consumer_offsets
orders
`,
      session,
    );
    // Before any group Kafka would first create the coordinator's topic (the metadata WARN);
    // the simulator leaves that to the coordinator, so it is not listed afterwards.
    expect(execute(ShellSession.create(), 'kafka-console-producer --topic __consumer_offsets <<EOF\nx\nEOF').stderr).toEqual([
      AUTO_CREATE_WARN('__consumer_offsets'),
      `ERROR Error when sending message to topic __consumer_offsets with key: null, value: 1 bytes with error: ${CALLBACK}`,
      'org.apache.kafka.common.errors.InvalidTopicException: The request attempted to perform an operation on an invalid topic.',
    ]);
  });
});
