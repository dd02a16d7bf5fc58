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
  it('takes effect: retention.bytes set later deletes records, as if set at creation', () => {
    const session = setup(
      ShellSession.create(),
      `kafka-topics --create --topic logs
kafka-console-producer --topic logs <<EOF
a
b
c
EOF`,
    );
    // Each record weighs 14 bytes plus its value (1): 15 bytes; 30 bytes keep the last two.
    expectTranscript(
      `
$ kafka-configs --alter --topic logs --add-config retention.bytes=30
Completed updating config for topic logs.
$ sim tick
tick 3
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

  it('list values go in square brackets; compaction itself is not simulated yet and is refused in the simulator’s words', () => {
    expect(execute(withOrders(), 'kafka-configs --alter --topic orders --add-config cleanup.policy=[compact,delete]')).toEqual({
      stdout: [],
      stderr: ['error: log compaction (cleanup.policy=compact) is not simulated yet'],
      exitCode: 1,
    });
    expect(execute(withOrders(), 'kafka-configs --alter --topic orders --add-config cleanup.policy=[delete]').stdout).toEqual([
      'Completed updating config for topic orders.',
    ]);
  });
});
