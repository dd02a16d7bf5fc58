// Golden transcripts for kafka-configs on topics, from Kafka 4.1's ConfigCommand
// (/work/shared/reference/kafka-4-tools.md §9): the describe header and lines (sorted by name,
// two leading spaces, synonyms of a 4.1 cluster with stock server.properties), the alter
// confirmation, the bare argument errors on stderr, and broker refusals through the admin
// client's ExecutionException (stack frames left out, as everywhere in the simulator).
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';

const withOrders = () => setup(ShellSession.create(), 'kafka-topics --create --topic orders --config retention.ms=60000');

describe('kafka-configs --describe', () => {
  it('lists a topic’s dynamic configs sorted by name, each with its synonyms; a missing topic is said on stdout (4.1)', () => {
    expectTranscript(
      `
$ kafka-configs --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name orders
Dynamic configs for topic orders are:
  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}
$ kafka-configs --alter --topic orders --add-config min.insync.replicas=2,unclean.leader.election.enable=TRUE,retention.bytes=0100
Completed updating config for topic orders.
$ kafka-configs --describe --topic orders
Dynamic configs for topic orders are:
  min.insync.replicas=2 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.insync.replicas=2, DYNAMIC_DEFAULT_BROKER_CONFIG:min.insync.replicas=1, DEFAULT_CONFIG:min.insync.replicas=1}
  retention.bytes=100 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.bytes=100, DEFAULT_CONFIG:log.retention.bytes=-1}
  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}
  unclean.leader.election.enable=true sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:unclean.leader.election.enable=true, DEFAULT_CONFIG:unclean.leader.election.enable=false}
$ kafka-configs --alter --topic orders --delete-config retention.ms,retention.bytes
Completed updating config for topic orders.
$ kafka-configs --describe --topic orders
Dynamic configs for topic orders are:
  min.insync.replicas=2 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.insync.replicas=2, DYNAMIC_DEFAULT_BROKER_CONFIG:min.insync.replicas=1, DEFAULT_CONFIG:min.insync.replicas=1}
  unclean.leader.election.enable=true sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:unclean.leader.election.enable=true, DEFAULT_CONFIG:unclean.leader.election.enable=false}
$ kafka-configs --describe --topic nosuch
The topic 'nosuch' doesn't exist and doesn't have dynamic config.
`,
      withOrders(),
    );
  });

  it('a topic without dynamic configs prints its header alone', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic plain');
    expect(execute(session, 'kafka-configs --describe --topic plain')).toEqual({ stdout: ['Dynamic configs for topic plain are:'], stderr: [], exitCode: 0 });
  });
});

describe('kafka-configs --alter', () => {
  it('takes effect: retention.bytes set later deletes segments, as if set at creation', () => {
    // segment.ms=100: each console producer below creates its record two ticks after the last
    // (it waits for the acknowledgement), 200 ms > 100, so each record has its own segment.
    const session = setup(
      ShellSession.create(),
      `kafka-topics --create --topic logs --config segment.ms=100
kafka-console-producer --topic logs <<EOF
a
EOF
kafka-console-producer --topic logs <<EOF
b
EOF
kafka-console-producer --topic logs <<EOF
c
EOF`,
    );
    // Each record weighs 14 bytes plus its value (1): 15 bytes, 45 in all. retention.bytes=30 is
    // 15 over: the oldest segment (15) fits in the excess and goes (deleteRetentionSizeBreachedSegments).
    expectTranscript(
      `
$ kafka-configs --alter --topic logs --add-config retention.bytes=30
Completed updating config for topic logs.
$ sim tick
tick 7
$ kafka-get-offsets --topic logs --time earliest
logs:0:1
`,
      session,
    );
  });

  const SESSION_ERRORS: readonly (readonly [string, string[]])[] = [
    [
      'kafka-configs --alter --topic orders --add-config min.insync.replicas=0',
      [
        "Error while executing config command with args '--alter --topic orders --add-config min.insync.replicas=0'",
        'java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value 0 for configuration min.insync.replicas: Value must be at least 1',
        'Caused by: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value 0 for configuration min.insync.replicas: Value must be at least 1',
      ],
    ],
    [
      'kafka-configs --alter --topic orders --add-config retention.ms=abc',
      [
        "Error while executing config command with args '--alter --topic orders --add-config retention.ms=abc'",
        'java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value abc for configuration retention.ms: Not a number of type LONG',
        'Caused by: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value abc for configuration retention.ms: Not a number of type LONG',
      ],
    ],
    [
      'kafka-configs --alter --topic orders --add-config unclean.leader.election.enable=yes',
      [
        "Error while executing config command with args '--alter --topic orders --add-config unclean.leader.election.enable=yes'",
        'java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false',
        'Caused by: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false',
      ],
    ],
    [
      'kafka-configs --alter --topic orders --add-config foo=1',
      [
        "Error while executing config command with args '--alter --topic orders --add-config foo=1'",
        'java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Unknown topic config name: foo',
        'Caused by: org.apache.kafka.common.errors.InvalidConfigurationException: Unknown topic config name: foo',
      ],
    ],
    [
      'kafka-configs --alter --topic nosuch --add-config retention.ms=1',
      [
        "Error while executing config command with args '--alter --topic nosuch --add-config retention.ms=1'",
        'java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
        'Caused by: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
      ],
    ],
    [
      'kafka-configs --alter --topic orders --add-config cleanup.policy=compact,delete',
      [
        'requirement failed: Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.',
      ],
    ],
    ['kafka-configs --alter --topic orders --delete-config retention.bytes,foo', ['Invalid config(s): retention.bytes,foo']],
    ['kafka-configs --alter --topic orders', ['At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter']],
    ['kafka-configs --alter --entity-type topics --add-config retention.ms=1', ['An entity name must be specified with --alter of topics']],
    [
      'kafka-configs --describe --entity-type topic',
      [
        'Invalid entity type topic, the entity type must be one of topics, clients, users, brokers, ips, client-metrics, groups, broker-loggers with a --bootstrap-server or --bootstrap-controller argument',
      ],
    ],
    ['kafka-configs --describe', ['At least one entity type must be specified']],
    [
      'kafka-configs --describe --topic orders --entity-name orders',
      ['--entity-{type,name,default} should not be used in conjunction with specific entity flags'],
    ],
    ['kafka-configs --describe --alter --topic orders', ['Command must include exactly one action: --describe, --alter']],
    ['kafka-configs --describe --topic orders --delete-config retention.ms', ['Option "[describe]" can\'t be used with option "[delete-config]"']],
  ];

  it.each(SESSION_ERRORS)('%s: stderr only, exit 1, nothing changes', (command, stderr) => {
    const session = withOrders();
    expect(execute(session, command)).toEqual({ stdout: [], stderr, exitCode: 1 });
    expect(execute(session, 'kafka-configs --describe --topic orders').stdout).toEqual([
      'Dynamic configs for topic orders are:',
      '  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}',
    ]);
  });

  it('list values go in square brackets', () => {
    expect(execute(withOrders(), 'kafka-configs --alter --topic orders --add-config cleanup.policy=[compact,delete]').stdout).toEqual([
      'Completed updating config for topic orders.',
    ]);
    expect(execute(withOrders(), 'kafka-configs --alter --topic orders --add-config cleanup.policy=[delete]').stdout).toEqual([
      'Completed updating config for topic orders.',
    ]);
  });
});

describe('segment and compaction configs', () => {
  it('are stored in canonical form and described with their broker synonyms', () => {
    // Synonyms (ServerTopicConfigSynonyms, ConfigHelper.configSynonyms): segment.bytes has the
    // stock server.properties value then the default; segment.ms's broker synonyms start with
    // log.roll.ms, unset, so none is shown; the cleaner's come from log.cleaner.*. A DOUBLE is
    // stored as Java's Double.toString prints it.
    expectTranscript(
      `
$ kafka-configs --alter --topic orders --add-config cleanup.policy=compact,segment.ms=010,segment.bytes=1048576,min.cleanable.dirty.ratio=1,delete.retention.ms=0,min.compaction.lag.ms=5,max.compaction.lag.ms=6
Completed updating config for topic orders.
$ kafka-configs --describe --topic orders
Dynamic configs for topic orders are:
  cleanup.policy=compact sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact, DEFAULT_CONFIG:log.cleanup.policy=delete}
  delete.retention.ms=0 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:delete.retention.ms=0, DEFAULT_CONFIG:log.cleaner.delete.retention.ms=86400000}
  max.compaction.lag.ms=6 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.compaction.lag.ms=6, DEFAULT_CONFIG:log.cleaner.max.compaction.lag.ms=9223372036854775807}
  min.cleanable.dirty.ratio=1.0 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.cleanable.dirty.ratio=1.0, DEFAULT_CONFIG:log.cleaner.min.cleanable.ratio=0.5}
  min.compaction.lag.ms=5 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.compaction.lag.ms=5, DEFAULT_CONFIG:log.cleaner.min.compaction.lag.ms=0}
  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}
  segment.bytes=1048576 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.bytes=1048576, STATIC_BROKER_CONFIG:log.segment.bytes=1073741824, DEFAULT_CONFIG:log.segment.bytes=1073741824}
  segment.ms=10 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.ms=10}
$ kafka-configs --alter --topic orders --add-config min.cleanable.dirty.ratio=0.0001
Completed updating config for topic orders.
$ kafka-configs --describe --topic orders
Dynamic configs for topic orders are:
  cleanup.policy=compact sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact, DEFAULT_CONFIG:log.cleanup.policy=delete}
  delete.retention.ms=0 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:delete.retention.ms=0, DEFAULT_CONFIG:log.cleaner.delete.retention.ms=86400000}
  max.compaction.lag.ms=6 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.compaction.lag.ms=6, DEFAULT_CONFIG:log.cleaner.max.compaction.lag.ms=9223372036854775807}
  min.cleanable.dirty.ratio=1.0E-4 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.cleanable.dirty.ratio=1.0E-4, DEFAULT_CONFIG:log.cleaner.min.cleanable.ratio=0.5}
  min.compaction.lag.ms=5 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.compaction.lag.ms=5, DEFAULT_CONFIG:log.cleaner.min.compaction.lag.ms=0}
  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}
  segment.bytes=1048576 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.bytes=1048576, STATIC_BROKER_CONFIG:log.segment.bytes=1073741824, DEFAULT_CONFIG:log.segment.bytes=1073741824}
  segment.ms=10 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.ms=10}
$ kafka-topics --describe --topic orders
Topic: orders\tTopicId: PnLLG6fR1KmQXew4UM6PSA\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: retention.ms=60000,cleanup.policy=compact,segment.ms=10,segment.bytes=1048576,min.cleanable.dirty.ratio=1.0E-4,delete.retention.ms=0,min.compaction.lag.ms=5,max.compaction.lag.ms=6
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`,
      withOrders(),
    );
  });

  const REFUSED: [string, string][] = [
    // LogConfig: segment.bytes atLeast(1024 * 1024) since 4.0; segment.ms and max.compaction.lag.ms atLeast(1).
    ['segment.bytes=1048575', 'Invalid value 1048575 for configuration segment.bytes: Value must be at least 1048576'],
    ['segment.bytes=2147483648', 'Invalid value 2147483648 for configuration segment.bytes: Not a number of type INT'],
    ['segment.ms=0', 'Invalid value 0 for configuration segment.ms: Value must be at least 1'],
    ['max.compaction.lag.ms=0', 'Invalid value 0 for configuration max.compaction.lag.ms: Value must be at least 1'],
    ['delete.retention.ms=-1', 'Invalid value -1 for configuration delete.retention.ms: Value must be at least 0'],
    ['min.compaction.lag.ms=-1', 'Invalid value -1 for configuration min.compaction.lag.ms: Value must be at least 0'],
    // Range.between(0, 1) on a DOUBLE.
    ['min.cleanable.dirty.ratio=1.5', 'Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1'],
    ['min.cleanable.dirty.ratio=-0.1', 'Invalid value -0.1 for configuration min.cleanable.dirty.ratio: Value must be at least 0'],
    ['min.cleanable.dirty.ratio=half', 'Invalid value half for configuration min.cleanable.dirty.ratio: Not a number of type DOUBLE'],
    // LogConfig.validateValues on the topic's configs as they would be.
    ['min.compaction.lag.ms=10,max.compaction.lag.ms=9', 'conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (9)'],
  ];

  it.each(REFUSED)('%s is refused with Kafka’s message', (config, message) => {
    expect(execute(withOrders(), `kafka-configs --alter --topic orders --add-config ${config}`)).toEqual({
      stdout: [],
      stderr: [
        `Error while executing config command with args '--alter --topic orders --add-config ${config}'`,
        `java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: ${message}`,
        `Caused by: org.apache.kafka.common.errors.InvalidConfigurationException: ${message}`,
      ],
      exitCode: 1,
    });
  });

  it('a compacted topic: the console consumer sees the latest value per key with the gaps; a keyless record is refused', () => {
    // Batches at ticks 0, 5 and 10 (each console producer waits two ticks for its answer), each in
    // its own segment (segment.ms=100): [0, 2) alice:paris bob:rome, [2, 4) alice:berlin and a
    // tombstone for bob (null.marker), [4, 5) carol:oslo, active. The cleaner at tick 15 cleans
    // below 4 (the active segment's base): alice → 2, bob → 3, so offsets 0 and 1 go. The
    // tombstone stays: delete.retention.ms is a day. The log start does not move (no delete policy).
    expectTranscript(
      `
$ kafka-topics --create --topic customers --config cleanup.policy=compact --config segment.ms=100
Created topic customers.
$ kafka-console-producer --topic customers --property parse.key=true --property key.separator=: --property null.marker=NULL <<EOF
alice:paris
bob:rome
EOF
$ sim tick 3
tick 5
$ kafka-console-producer --topic customers --property parse.key=true --property key.separator=: --property null.marker=NULL <<EOF
alice:berlin
bob:NULL
EOF
$ sim tick 3
tick 10
$ kafka-console-producer --topic customers --property parse.key=true --property key.separator=: <<EOF
carol:oslo
EOF
$ sim tick 30
tick 42
$ kafka-console-consumer --topic customers --from-beginning --property print.key=true --property print.offset=true
Offset:2\talice\tberlin
Offset:3\tbob\tnull
Offset:4\tcarol\toslo
Processed a total of 3 messages
$ kafka-get-offsets --topic customers --time earliest
customers:0:0
$ kafka-console-producer --topic customers <<EOF
keyless
EOF
ERROR Error when sending message to topic customers with key: null, value: 7 bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)
org.apache.kafka.common.errors.InvalidRecordException: Compacted topic cannot accept message without key in topic partition customers-0
`,
      ShellSession.create(),
    );
  });

  it('kafka-topics --create --config takes them, and a bad one fails the create', () => {
    const session = ShellSession.create();
    expect(execute(session, 'kafka-topics --create --topic customers --config cleanup.policy=compact --config segment.ms=1000').stdout).toEqual([
      'Created topic customers.',
    ]);
    const refused = execute(session, 'kafka-topics --create --topic bad --config segment.bytes=1000');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.join('\n')).toContain('Invalid value 1000 for configuration segment.bytes: Value must be at least 1048576');
  });
});
