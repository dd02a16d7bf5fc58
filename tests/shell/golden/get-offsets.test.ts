// Golden transcripts for kafka-get-offsets (reference §5, GetOffsetShell): `topic:partition:offset`
// lines on stdout, sorted by `topic-partition` as strings; errors on stderr as
// `Error occurred: …`, exit 1.
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';

/** `orders` with 12 partitions and 16 keyed records spread by murmur2. */
function twelvePartitions(config = ''): ShellSession {
  return setup(
    ShellSession.create(),
    `kafka-topics --create --topic orders --partitions 12 ${config}
kafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF
k0:a
k1:b
k2:c
k3:d
k4:e
k5:f
k6:g
k7:h
k8:i
k9:j
k10:k
k11:l
k12:m
k13:n
k14:o
k15:p
EOF`,
  );
}

describe('kafka-get-offsets', () => {
  it('--topic: the latest offset of every partition, sorted as strings (orders:10 before orders:2)', () => {
    const session = expectTranscript(
      `
$ kafka-get-offsets --bootstrap-server localhost:9092 --topic orders
orders:0:1
orders:1:1
orders:10:1
orders:11:0
orders:2:1
orders:3:0
orders:4:3
orders:5:2
orders:6:2
orders:7:1
orders:8:2
orders:9:2
`,
      twelvePartitions(),
    );
    const { stdout, stderr, exitCode } = execute(session, 'kafka-get-offsets --topic orders --time -1');
    expect(stdout.slice(0, 4)).toEqual(['orders:0:1', 'orders:1:1', 'orders:10:1', 'orders:11:0']);
    expect([stdout.length, stderr, exitCode]).toEqual([12, [], 0]);
  });

  it('--time latest / -1 and earliest / -2 / earliest-local / -4', () => {
    expectTranscript(
      `
$ kafka-get-offsets --topic orders --partitions 4,10 --time latest
orders:10:1
orders:4:3
$ kafka-get-offsets --topic orders --partitions 4,10 --time -1
orders:10:1
orders:4:3
$ kafka-get-offsets --topic orders --partitions 4,10 --time earliest
orders:10:0
orders:4:0
$ kafka-get-offsets --topic orders --partitions 4,10 --time -2
orders:10:0
orders:4:0
$ kafka-get-offsets --topic orders --partitions 4,10 --time earliest-local
orders:10:0
orders:4:0
$ kafka-get-offsets --topic orders --partitions 4,10 --time -4
orders:10:0
orders:4:0
`,
      twelvePartitions(),
    );
  });

  it('--time earliest is the log start offset once retention deleted records', () => {
    expectTranscript(
      `
$ sim tick 20
tick 22
$ kafka-get-offsets --topic orders --partitions 4,5 --time -2
orders:4:3
orders:5:2
$ kafka-get-offsets --topic orders --partitions 4,5
orders:4:3
orders:5:2
`,
      twelvePartitions('--config retention.ms=1000'),
    );
  });

  it('--time TIMESTAMP: the first offset at or after it; no line where there is none', () => {
    // Keyless lines stick to one partition (1 here): a and b at tick 0 (…600000), c at
    // tick 12 (…601200); partition 0 stays empty, so it never has an answer.
    const session = setup(
      ShellSession.create(),
      `kafka-topics --create --topic orders --partitions 2
kafka-console-producer --topic orders <<EOF
a
b
EOF
sim tick 10
kafka-console-producer --topic orders <<EOF
c
EOF`,
    );
    expectTranscript(
      `
$ kafka-get-offsets --topic orders
orders:0:0
orders:1:3
$ kafka-get-offsets --topic orders --time 1767225600000
orders:1:0
$ kafka-get-offsets --topic orders --time 1767225600500
orders:1:2
$ kafka-get-offsets --topic orders --time 1767225700000
$ kafka-get-offsets --topic orders --time max-timestamp
orders:1:2
$ kafka-get-offsets --topic orders --time -3
orders:1:2
$ kafka-get-offsets --topic orders --time latest-tiered
$ kafka-get-offsets --topic orders --time -5
`,
      session,
    );
    expect(execute(session, 'kafka-get-offsets --topic orders --time 1767225700000')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
  });

  it('internal topics are included unless --exclude-internal-topics', () => {
    const session = setup(twelvePartitions(), 'kafka-console-consumer --topic orders --group billing');
    expectTranscript(
      `
$ kafka-get-offsets --partitions 0
__consumer_offsets:0:0
orders:0:1
$ kafka-get-offsets --partitions 0 --exclude-internal-topics
orders:0:1
$ kafka-get-offsets --topic "__consumer_offsets" --partitions 49
__consumer_offsets:49:0
`,
      session,
    );
  });

  it('--topic is a full-match regular expression', () => {
    const session = setup(twelvePartitions(), 'kafka-topics --create --topic orders-eu');
    expectTranscript(
      `
$ kafka-get-offsets --topic "orders-.*"
orders-eu:0:0
$ kafka-get-offsets --topic "ord.*" --partitions 0
orders:0:1
orders-eu:0:0
`,
      session,
    );
  });

  it('an unknown topic: Error occurred on stderr, exit 1', () => {
    const session = expectTranscript(
      `
$ kafka-get-offsets --topic payments
Error occurred: Could not match any topic-partitions with the specified filters
$ kafka-get-offsets --topic orde
Error occurred: Could not match any topic-partitions with the specified filters
`,
      twelvePartitions(),
    );
    expect(execute(session, 'kafka-get-offsets --topic payments')).toEqual({
      stdout: [],
      stderr: ['Error occurred: Could not match any topic-partitions with the specified filters'],
      exitCode: 1,
    });
    expect(execute(ShellSession.create(), 'kafka-get-offsets').exitCode).toBe(1);
  });

  // GetOffsetShell never validates a name: --topic is an IncludeList regular expression
  // (createTopicPartitionFilterWithTopicAndPartitionPattern), so a name Kafka would refuse simply
  // matches nothing and the tool ends with its TerseException.
  it('an invalid topic name is only a regular expression that matches nothing', () => {
    const message = 'Error occurred: Could not match any topic-partitions with the specified filters';
    expectTranscript(`$ kafka-get-offsets --topic "my orders"\n${message}\n`, twelvePartitions());
    expect(execute(twelvePartitions(), `kafka-get-offsets --topic ${'x'.repeat(250)}`)).toEqual({ stdout: [], stderr: [message], exitCode: 1 });
  });

  it('--exclude-internal-topics goes by name: a hand-made __consumer_offsets is left out too', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic __consumer_offsets\nkafka-topics --create --topic orders');
    expectTranscript(
      `
$ kafka-get-offsets
__consumer_offsets:0:0
orders:0:0
$ kafka-get-offsets --exclude-internal-topics
orders:0:0
`,
      session,
    );
  });

  it('a malformed --time: Error occurred on stderr, exit 1', () => {
    const message =
      'Error occurred: Malformed time argument yesterday. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp';
    expectTranscript(`$ kafka-get-offsets --topic orders --time yesterday\n${message}\n`, twelvePartitions());
    expect(execute(twelvePartitions(), 'kafka-get-offsets --topic orders --time yesterday')).toEqual({
      stdout: [],
      stderr: [message],
      exitCode: 1,
    });
  });
});
