// Golden transcripts for kafka-topics (reference §1, TopicCommand). Every expected line is
// Kafka 4.1's, minus the log timestamp (`[ts] ERROR …` prints as `ERROR …`) and the `\tat`
// frames of non-API exceptions. Topic ids are the simulator's deterministic ones.
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';

const TOPIC_ERROR_LOGGER = ' (org.apache.kafka.tools.TopicCommand)';

describe('kafka-topics --create', () => {
  it('creates a topic with the broker defaults (1 partition, replication factor 1)', () => {
    expectTranscript(`
$ kafka-topics --bootstrap-server localhost:9092 --create --topic orders
Created topic orders.
$ kafka-topics --describe --topic orders
Topic: orders\tTopicId: PnLLG6fR1KmQXew4UM6PSA\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`);
  });

  it('.sh, a bin/ path and --flag=value spellings are the same tool', () => {
    expectTranscript(`
$ bin/kafka-topics.sh --bootstrap-server=localhost:9092 --create --topic=orders --partitions=2 --replication-factor=1
Created topic orders.
$ kafka-topics.sh --list
orders
`);
  });

  it('--partitions: one partition line per partition, sorted by id, each starting with a tab', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders --partitions 3 --replication-factor 1
Created topic orders.
$ kafka-topics --describe --topic orders
Topic: orders\tTopicId: PnLLG6fR1KmQXew4UM6PSA\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`);
  });

  it('--config overrides show in Configs: next to the server.properties segment.bytes', () => {
    expectTranscript(`
$ kafka-topics --create --topic clicks --config retention.ms=60000
Created topic clicks.
$ kafka-topics --describe --topic clicks
Topic: clicks\tTopicId: edP-uwY7qUmpdicgNf6f-A\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: retention.ms=60000,segment.bytes=1073741824
\tTopic: clicks\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`);
  });

  // Not in the reference page; read from TopicCommand.parseTopicConfigsToBeAdded (4.x): the
  // value is split on \s*=\s* and must give exactly a key and a value, checked before the WARNING.
  it('a --config that is not key=val fails through the error path (requirement failed: …)', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic shop.orders --config retention.ms
Error while executing topic command : requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".
ERROR java.lang.IllegalArgumentException: requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --create --topic orders --config "retention.ms = 60000"
Created topic orders.
`);
    expect(execute(session, 'kafka-topics --create --topic clicks --config a=b=c').exitCode).toBe(1);
  });

  it('an existing topic: the message on stdout, the logged TopicExistsException on stderr, exit 1', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-topics --create --topic orders --partitions 3
Error while executing topic command : Topic 'orders' already exists.
ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'orders' already exists.
 (org.apache.kafka.tools.TopicCommand)
`);
    expect(execute(session, 'kafka-topics --create --topic orders')).toEqual({
      stdout: ["Error while executing topic command : Topic 'orders' already exists."],
      stderr: ["ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'orders' already exists.", TOPIC_ERROR_LOGGER],
      exitCode: 1,
    });
  });

  it('--if-not-exists swallows TopicExistsException: nothing printed, exit 0, the topic unchanged', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic orders --partitions 2
Created topic orders.
$ kafka-topics --create --topic orders --partitions 5 --if-not-exists
$ kafka-get-offsets --topic orders
orders:0:0
orders:1:0
`);
    expect(execute(session, 'kafka-topics --create --topic orders --if-not-exists')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
    // A topic that does not exist yet is still created and announced.
    expectTranscript(
      `
$ kafka-topics --create --topic payments --if-not-exists
Created topic payments.
`,
      session,
    );
  });

  it('an invalid name is the broker InvalidTopicException, exit 1', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic "my orders"
Error while executing topic command : Topic name is invalid: 'my orders' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'
ERROR org.apache.kafka.common.errors.InvalidTopicException: Topic name is invalid: 'my orders' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --list

`);
    expect(execute(session, 'kafka-topics --create --topic "my orders"').exitCode).toBe(1);
  });

  it('--partitions 0 fails the client-side check (IllegalArgumentException, frames left out)', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic orders --partitions 0
Error while executing topic command : The partitions must be greater than 0
ERROR java.lang.IllegalArgumentException: The partitions must be greater than 0
 (org.apache.kafka.tools.TopicCommand)
`);
    expect(execute(session, 'kafka-topics --create --topic orders --partitions 0')).toEqual({
      stdout: ['Error while executing topic command : The partitions must be greater than 0'],
      stderr: ['ERROR java.lang.IllegalArgumentException: The partitions must be greater than 0', TOPIC_ERROR_LOGGER],
      exitCode: 1,
    });
  });

  it('a replication factor above the broker count is refused by the broker', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders --replication-factor 3
Error while executing topic command : Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.
ERROR org.apache.kafka.common.errors.InvalidReplicationFactorException: Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --create --topic orders --replication-factor 0
Error while executing topic command : The replication factor must be between 1 and 32767 inclusive
ERROR java.lang.IllegalArgumentException: The replication factor must be between 1 and 32767 inclusive
 (org.apache.kafka.tools.TopicCommand)
`);
  });

  it('on a cluster, replicas stripe over the brokers: the first leads, all start in sync, and grown partitions are placed on all four brokers', () => {
    // The describe line is Kafka 4.1's (kafka-4-tools.md §7): Elr and LastKnownElr always shown,
    // empty after the colon. Placement follows StripedReplicaPlacer (kafka-4-replication.md §1):
    // partitions 0-2 stripe from one random start (3, then 1, then 2), partition 3 starts the
    // next round on a shuffled order; the two added after `sim broker add` are placed over all four.
    expectTranscript(`
$ sim cluster --brokers 3
cluster: brokers 1, 2, 3
$ kafka-topics --create --topic orders --partitions 4 --replication-factor 3
Created topic orders.
$ kafka-topics --describe --topic orders
Topic: orders\tTopicId: PnLLG6fR1KmQXew4UM6PSA\tPartitionCount: 4\tReplicationFactor: 3\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 2\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 3\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: 
$ sim broker add
cluster: brokers 1, 2, 3, 4
$ kafka-topics --alter --topic orders --partitions 6
$ kafka-topics --describe --topic orders
Topic: orders\tTopicId: PnLLG6fR1KmQXew4UM6PSA\tPartitionCount: 6\tReplicationFactor: 3\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 2\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 3\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 4\tLeader: 4\tReplicas: 4,1,2\tIsr: 4,1,2\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 5\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: 
$ kafka-topics --create --topic audit --replication-factor 5
Error while executing topic command : Unable to replicate the partition 5 time(s): The target replication factor of 5 cannot be reached because only 4 broker(s) are registered.
ERROR org.apache.kafka.common.errors.InvalidReplicationFactorException: Unable to replicate the partition 5 time(s): The target replication factor of 5 cannot be reached because only 4 broker(s) are registered.
 (org.apache.kafka.tools.TopicCommand)
$ sim cluster --brokers 5
error: the cluster's size is set before any topic exists (topic orders exists): add brokers one at a time with sim broker add
`);
  });

  it('describe report flags select partitions by ISR size and leader, print only partition lines, and belong to --describe', () => {
    // TopicCommand 4.1.1 (kafka-4-tools.md §7): at-min is min.insync.replicas == |ISR|, under-min
    // is no leader or |ISR| < min.insync.replicas (not capped at the replication factor), any
    // flag selects; with one, no topic line. Every ISR is full here: nothing is under-replicated.
    expectTranscript(`
$ sim cluster --brokers 3
cluster: brokers 1, 2, 3
$ kafka-topics --create --topic a --partitions 2 --replication-factor 2 --config min.insync.replicas=2
Created topic a.
$ kafka-topics --create --topic b --replication-factor 2 --config min.insync.replicas=3
Created topic b.
$ kafka-topics --create --topic c --replication-factor 3
Created topic c.
$ kafka-topics --describe --at-min-isr-partitions
\tTopic: a\tPartition: 0\tLeader: 3\tReplicas: 3,1\tIsr: 3,1\tElr: \tLastKnownElr: 
\tTopic: a\tPartition: 1\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\tElr: \tLastKnownElr: 
$ kafka-topics --describe --under-min-isr-partitions --at-min-isr-partitions --topic b
\tTopic: b\tPartition: 0\tLeader: 3\tReplicas: 3,1\tIsr: 3,1\tElr: \tLastKnownElr: 
$ kafka-topics --describe --under-replicated-partitions --unavailable-partitions
`);
    const session = ShellSession.create();
    expect(execute(session, 'kafka-topics --list --under-replicated-partitions')).toEqual({
      stdout: [],
      stderr: ['Option "[under-replicated-partitions]" can\'t be used with option "[list]"'],
      exitCode: 1,
    });
  });

  it('a name with a period or an underscore gets the metric-name WARNING on stdout first', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic shop.orders
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Created topic shop.orders.
$ kafka-topics --create --topic shop_payments
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Created topic shop_payments.
$ kafka-topics --create --topic shop-orders
Created topic shop-orders.
`);
    expect(execute(session, 'kafka-topics --create --topic a_b').stdout[0]).toMatch(/^WARNING: /);
  });

  // ReplicationControlManager.validateNewTopicNames (KRaft): names equal once '.' becomes '_'
  // (Topic.unifyCollisionChars) collide, "Topic '%s' collides with existing topic: %s"
  // (singular: the ZooKeeper-era AdminZkClient said "existing topics:"), InvalidTopicException.
  it("a_b beside a.b (and a.b beside a_b) collides: WARNING, then the controller's InvalidTopicException, exit 1, nothing created", () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic a.b
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Created topic a.b.
$ kafka-topics --create --topic a_b --partitions 3
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Error while executing topic command : Topic 'a_b' collides with existing topic: a.b
ERROR org.apache.kafka.common.errors.InvalidTopicException: Topic 'a_b' collides with existing topic: a.b
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --create --topic x_y
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Created topic x_y.
$ kafka-topics --create --topic x.y --if-not-exists
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Error while executing topic command : Topic 'x.y' collides with existing topic: x_y
ERROR org.apache.kafka.common.errors.InvalidTopicException: Topic 'x.y' collides with existing topic: x_y
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --list
a.b
x_y
`);
    expect(execute(session, 'kafka-topics --create --topic a_b').exitCode).toBe(1);
    // An existing name is TopicExistsException, not a collision with itself (the controller's
    // existence check comes last and wins); --if-not-exists swallows only that one.
    expect(execute(session, 'kafka-topics --create --topic a.b').stdout[1]).toBe("Error while executing topic command : Topic 'a.b' already exists.");
    expect(execute(session, 'kafka-topics --create --topic a.b --if-not-exists').exitCode).toBe(0);
    // A name without '.' or '_' never collides: `ab` and `a-b` are other topics.
    expect(execute(session, 'kafka-topics --create --topic a-b').stdout).toEqual(['Created topic a-b.']);
  });

  it('the WARNING comes before the client-side checks (TopicService.createTopic prints it first)', () => {
    expectTranscript(`
$ kafka-topics --create --topic shop.orders --partitions 0
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Error while executing topic command : The partitions must be greater than 0
ERROR java.lang.IllegalArgumentException: The partitions must be greater than 0
 (org.apache.kafka.tools.TopicCommand)
`);
  });
});

describe('kafka-topics --list', () => {
  it('with no topics prints a single empty line (one println of an empty join)', () => {
    const session = ShellSession.create();
    expect(execute(session, 'kafka-topics --list')).toEqual({ stdout: [''], stderr: [], exitCode: 0 });
  });

  it('one topic per line in Java String order: uppercase, then _, then lowercase', () => {
    expectTranscript(`
$ kafka-topics --create --topic payments
Created topic payments.
$ kafka-topics --create --topic Zeta
Created topic Zeta.
$ kafka-topics --create --topic _private
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Created topic _private.
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-topics --list
Zeta
_private
orders
payments
`);
  });

  it('__consumer_offsets appears once a group exists; --exclude-internal leaves it out', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-topics --list
orders
$ kafka-console-consumer --topic orders --group billing
Processed a total of 0 messages
$ kafka-topics --list
__consumer_offsets
orders
$ kafka-topics --list --exclude-internal
orders
`);
  });

  it('--topic is a regular expression matching the whole name; commas are alternation', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-topics --create --topic orders-eu
Created topic orders-eu.
$ kafka-topics --create --topic payments
Created topic payments.
$ kafka-topics --list --topic "orders.*"
orders
orders-eu
$ kafka-topics --list --topic order
$ kafka-topics --list --topic orders,payments
orders
payments
`);
  });
});

describe('kafka-topics --describe', () => {
  it('without --topic describes every topic, in name order', () => {
    expectTranscript(`
$ kafka-topics --create --topic payments
Created topic payments.
$ kafka-topics --create --topic orders --partitions 2
Created topic orders.
$ kafka-topics --describe
Topic: orders\tTopicId: s-9hX0hiWRxSyV7cjTivfQ\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
Topic: payments\tTopicId: Pwoh420I1lub7N6ELwpjMg\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: payments\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`);
  });

  it('--exclude-internal leaves __consumer_offsets out of a full describe', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-console-consumer --topic orders --group billing
Processed a total of 0 messages
$ kafka-topics --describe --exclude-internal
Topic: orders\tTopicId: PnLLG6fR1KmQXew4UM6PSA\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`);
    // Without it the internal topic comes first ('_' sorts before 'o'), with its 50 partitions.
    const all = execute(session, 'kafka-topics --describe').stdout;
    expect(all[0]).toMatch(/^Topic: __consumer_offsets\tTopicId: \S+\tPartitionCount: 50\tReplicationFactor: 1\tConfigs: /);
    expect(all).toHaveLength(1 + 50 + 2);
  });

  it('an unknown topic is an IllegalArgumentException with 4.1 wording; --if-exists makes it silent', () => {
    const session = expectTranscript(`
$ kafka-topics --describe --topic orders
Error while executing topic command : Topic 'orders' does not exist as expected
ERROR java.lang.IllegalArgumentException: Topic 'orders' does not exist as expected
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --describe --topic orders --if-exists
`);
    expect(execute(session, 'kafka-topics --describe --topic orders')).toEqual({
      stdout: ["Error while executing topic command : Topic 'orders' does not exist as expected"],
      stderr: ["ERROR java.lang.IllegalArgumentException: Topic 'orders' does not exist as expected", TOPIC_ERROR_LOGGER],
      exitCode: 1,
    });
    expect(execute(session, 'kafka-topics --describe --topic orders --if-exists')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
  });
});

describe('kafka-topics --alter', () => {
  it('an increase prints nothing; the new partitions show in --describe', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-topics --alter --topic orders --partitions 3
$ kafka-topics --describe --topic orders
Topic: orders\tTopicId: PnLLG6fR1KmQXew4UM6PSA\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
\tTopic: orders\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`);
    expect(execute(session, 'kafka-topics --alter --topic orders --partitions 4')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
  });

  it('the same count and a decrease are InvalidPartitionsException (KRaft wording)', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders --partitions 3');
    expectTranscript(
      `
$ kafka-topics --alter --topic orders --partitions 3
Error while executing topic command : Topic already has 3 partition(s).
ERROR org.apache.kafka.common.errors.InvalidPartitionsException: Topic already has 3 partition(s).
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --alter --topic orders --partitions 2
Error while executing topic command : The topic orders currently has 3 partition(s); 2 would not be an increase.
ERROR org.apache.kafka.common.errors.InvalidPartitionsException: The topic orders currently has 3 partition(s); 2 would not be an increase.
 (org.apache.kafka.tools.TopicCommand)
`,
      session,
    );
    expect(execute(session, 'kafka-topics --alter --topic orders --partitions 2').exitCode).toBe(1);
  });

  it('without --partitions is a usage error on stderr, exit 1', () => {
    const session = setup(ShellSession.create(), 'kafka-topics --create --topic orders');
    expectTranscript(
      `
$ kafka-topics --alter --topic orders
Missing required argument "[partitions]"
`,
      session,
    );
    expect(execute(session, 'kafka-topics --alter --topic orders')).toEqual({
      stdout: [],
      stderr: ['Missing required argument "[partitions]"'],
      exitCode: 1,
    });
  });

  it('an unknown topic fails as describe does; --if-exists makes it silent', () => {
    expectTranscript(`
$ kafka-topics --alter --topic orders --partitions 2
Error while executing topic command : Topic 'orders' does not exist as expected
ERROR java.lang.IllegalArgumentException: Topic 'orders' does not exist as expected
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --alter --topic orders --partitions 2 --if-exists
`);
  });
});

describe('kafka-topics --delete', () => {
  it('prints nothing; the topic is gone from --list', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-topics --create --topic payments
Created topic payments.
$ kafka-topics --delete --topic orders
$ kafka-topics --list
payments
$ kafka-topics --describe --topic orders
Error while executing topic command : Topic 'orders' does not exist as expected
ERROR java.lang.IllegalArgumentException: Topic 'orders' does not exist as expected
 (org.apache.kafka.tools.TopicCommand)
`);
    expect(execute(session, 'kafka-topics --delete --topic payments')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
  });

  it('--topic is a regular expression here too: every match is deleted', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-topics --create --topic orders-eu
Created topic orders-eu.
$ kafka-topics --create --topic payments
Created topic payments.
$ kafka-topics --delete --topic "orders.*"
$ kafka-topics --list
payments
`);
  });

  it('an unknown topic is an error; --if-exists makes it silent', () => {
    const session = expectTranscript(`
$ kafka-topics --delete --topic orders
Error while executing topic command : Topic 'orders' does not exist as expected
ERROR java.lang.IllegalArgumentException: Topic 'orders' does not exist as expected
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --delete --topic orders --if-exists
`);
    expect(execute(session, 'kafka-topics --delete --topic orders').exitCode).toBe(1);
    expect(execute(session, 'kafka-topics --delete --topic orders --if-exists').exitCode).toBe(0);
  });
});

describe('kafka-topics usage errors (stderr only, exit 1, no option help)', () => {
  it.each([
    ['kafka-topics', 'Create, delete, describe, or change a topic.'],
    ['kafka-topics --bootstrap-server localhost:9092', 'Command must include exactly one action: --list, --describe, --create, --alter or --delete'],
    ['kafka-topics --topic orders', 'Command must include exactly one action: --list, --describe, --create, --alter or --delete'],
    ['kafka-topics --list --describe', 'Command must include exactly one action: --list, --describe, --create, --alter or --delete'],
    ['kafka-topics --create --delete --topic orders', 'Command must include exactly one action: --list, --describe, --create, --alter or --delete'],
    ['kafka-topics --create', 'Missing required argument "[topic]"'],
    ['kafka-topics --create --partitions 3', 'Missing required argument "[topic]"'],
    ['kafka-topics --alter --partitions 3', 'Missing required argument "[topic]"'],
    ['kafka-topics --delete', 'Missing required argument "[topic]"'],
  ])('%s', (command, message) => {
    expectTranscript(`$ ${command}\n${message}\n`);
    expect(execute(ShellSession.create(), command)).toEqual({ stdout: [], stderr: [message], exitCode: 1 });
  });
});

// There is one __consumer_offsets. Kafka's group coordinator creates it the first time a group
// looks for its coordinator (AutoTopicCreationManager), so a fresh cluster lists no topics; once
// it exists, creating it is TopicExistsException like any topic. A hand-made one created earlier
// is the one the coordinator then uses. Topic.isInternal goes by name, so --exclude-internal hides
// either. Kafka 4.x would also delete or grow it (the controller has no check for internal
// topics); the simulator keeps offsets in its coordinator and refuses both once a group used it.
describe('kafka-topics and __consumer_offsets', () => {
  const WARNING =
    "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.";
  const NOT_SIMULATED = (action: string) =>
    `Streamlab does not simulate ${action} __consumer_offsets once a group has used it: the simulator keeps committed offsets in its coordinator, not in this topic's log.`;
  /** `orders` and a group that has used the coordinator, so __consumer_offsets exists. */
  const withGroup = () => setup(ShellSession.create(), 'kafka-topics --create --topic orders\nkafka-console-consumer --topic orders --group billing');

  it('once the coordinator made it, creating it is TopicExistsException (silent with --if-not-exists); it is listed once', () => {
    const session = expectTranscript(
      `
$ kafka-topics --create --topic __consumer_offsets
${WARNING}
Error while executing topic command : Topic '__consumer_offsets' already exists.
ERROR org.apache.kafka.common.errors.TopicExistsException: Topic '__consumer_offsets' already exists.
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --create --topic __consumer_offsets --partitions 3 --if-not-exists
${WARNING}
$ kafka-topics --create --topic __consumer.offsets
${WARNING}
Error while executing topic command : Topic '__consumer.offsets' collides with existing topic: __consumer_offsets
ERROR org.apache.kafka.common.errors.InvalidTopicException: Topic '__consumer.offsets' collides with existing topic: __consumer_offsets
 (org.apache.kafka.tools.TopicCommand)
$ kafka-topics --list
__consumer_offsets
orders
`,
      withGroup(),
    );
    expect(execute(session, 'kafka-topics --create --topic __consumer_offsets').exitCode).toBe(1);
    expect(execute(session, 'kafka-topics --describe --topic __consumer_offsets').stdout[0]).toMatch(
      /^Topic: __consumer_offsets\tTopicId: \S+\tPartitionCount: 50\t/,
    );
  });

  it('made by hand before any group, it is the coordinator’s topic: listed once, hidden by --exclude-internal, described as made', () => {
    const session = expectTranscript(`
$ kafka-topics --create --topic __consumer_offsets --partitions 3
${WARNING}
Created topic __consumer_offsets.
$ kafka-topics --list --exclude-internal

$ kafka-topics --create --topic orders
Created topic orders.
$ kafka-console-consumer --topic orders --group billing
Processed a total of 0 messages
$ kafka-topics --list
__consumer_offsets
orders
$ kafka-topics --list --exclude-internal
orders
$ kafka-topics --describe --topic __consumer_offsets
Topic: __consumer_offsets\tTopicId: aIU9_-SjHwX7evFkcJszhA\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: __consumer_offsets\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
\tTopic: __consumer_offsets\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
\tTopic: __consumer_offsets\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
$ kafka-topics --describe --exclude-internal
Topic: orders\tTopicId: s-9hX0hiWRxSyV7cjTivfQ\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: 
`);
    expect(execute(session, 'kafka-topics --create --topic __consumer_offsets --partitions 3').stdout[1]).toBe(
      "Error while executing topic command : Topic '__consumer_offsets' already exists.",
    );
  });

  it('--delete and --alter of it are refused once a group used it, even through a regular expression: nothing changes', () => {
    const session = withGroup();
    expectTranscript(
      `
$ kafka-topics --delete --topic __consumer_offsets
${NOT_SIMULATED('deleting')}
$ kafka-topics --delete --topic ".*"
${NOT_SIMULATED('deleting')}
$ kafka-topics --alter --topic __consumer_offsets --partitions 60
${NOT_SIMULATED('adding partitions to')}
$ kafka-topics --list
__consumer_offsets
orders
`,
      session,
    );
    expect(execute(session, 'kafka-topics --delete --topic __consumer_offsets')).toEqual({ stdout: [], stderr: [NOT_SIMULATED('deleting')], exitCode: 1 });
    // A regular expression that leaves it out deletes as usual.
    expectTranscript('$ kafka-topics --delete --topic "ord.*"\n$ kafka-topics --list\n__consumer_offsets\n', session);
  });

  it('a hand-made one no group has used yet is an ordinary topic to delete', () => {
    expectTranscript(`
$ kafka-topics --create --topic __consumer_offsets
${WARNING}
Created topic __consumer_offsets.
$ kafka-topics --delete --topic __consumer_offsets
$ kafka-topics --list

`);
  });
});
