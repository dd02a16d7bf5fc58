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
    expect(
      execute(session, 'kafka-console-producer --topic orders --property parse.key=true <<EOF\nalice:order 1\nEOF'),
    ).toEqual({
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
