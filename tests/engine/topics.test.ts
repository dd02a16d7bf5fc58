/** Topic administration: create, delete and alter, with the broker's own error messages. */
import { describe, expect, it } from 'vitest';
import { applyCommand, createWorld, describeWorld, listTopics, type Command } from '../../engine/index.ts';
import { assignmentOf, committed, ofKind, Sim } from './helpers.ts';

function worldWith(...commands: Command[]) {
  const world = createWorld();
  for (const c of commands) {
    const r = applyCommand(world, c);
    if (!r.ok) throw new Error(r.error.message);
  }
  return world;
}

const create = (topic: string, partitions = 1, extra: Partial<Extract<Command, { kind: 'createTopic' }>> = {}): Command => ({
  kind: 'createTopic',
  topic,
  partitions,
  ...extra,
});

describe('kafka-topics --create', () => {
  it.each([
    { why: 'a new name', command: create('orders', 3), code: null, message: null },
    { why: 'every legal character', command: create('a.b_c-D9', 1), code: null, message: null },
    { why: 'the longest legal name', command: create('x'.repeat(249)), code: null, message: null },
    {
      why: 'retention configs',
      command: create('logs', 1, {
        configs: [
          ['retention.ms', '1000'],
          ['retention.bytes', '-1'],
        ],
      }),
      code: null,
      message: null,
    },
    { why: 'an existing topic', command: create('existing'), code: 'TopicExistsException', message: "Topic 'existing' already exists." },
    { why: 'an empty name', command: create(''), code: 'InvalidTopicException', message: 'Topic name is invalid: the empty string is not allowed' },
    { why: "the name '.'", command: create('.'), code: 'InvalidTopicException', message: "Topic name is invalid: '.' is not allowed" },
    { why: "the name '..'", command: create('..'), code: 'InvalidTopicException', message: "Topic name is invalid: '..' is not allowed" },
    {
      why: 'a name over 249 characters',
      command: create('x'.repeat(250)),
      code: 'InvalidTopicException',
      message: `Topic name is invalid: the length of '${'x'.repeat(250)}' is longer than the max allowed length 249`,
    },
    {
      why: 'a space in the name',
      command: create('my topic'),
      code: 'InvalidTopicException',
      message: "Topic name is invalid: 'my topic' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
    },
    { why: 'zero partitions', command: create('t', 0), code: 'InvalidPartitionsException', message: 'Number of partitions must be larger than 0.' },
    // Not a Java int, so no Kafka tool could send it: the engine refuses the command's shape first (apply.ts).
    { why: 'a fractional partition count', command: create('t', 1.5), code: 'InvalidCommand', message: 'the partition count is a whole number (a Java int)' },
    {
      why: 'more replicas than brokers',
      command: create('t', 1, { replicationFactor: 3 }),
      code: 'InvalidReplicationFactorException',
      message: 'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.',
    },
    {
      why: 'an unknown config',
      command: create('t', 1, { configs: [['retention.hours', '1']] }),
      code: 'InvalidConfigurationException',
      message: 'Unknown topic config name: retention.hours',
    },
    {
      why: 'a bad config value',
      command: create('t', 1, { configs: [['retention.ms', 'soon']] }),
      code: 'InvalidConfigurationException',
      message: 'Invalid value soon for configuration retention.ms: Not a number of type LONG',
    },
  ])('$why → $code', ({ command, code, message }) => {
    const world = worldWith(create('existing'));
    const result = applyCommand(world, command);
    if (code === null) {
      expect(result.ok).toBe(true);
      expect(listTopics(world)).toContain((command as Extract<Command, { kind: 'createTopic' }>).topic);
    } else {
      expect(result).toEqual({ ok: false, error: { code, message } });
    }
  });

  it('gives each partition an empty log and the topic a 22-character id', () => {
    const world = worldWith(create('orders', 3));
    const topic = world.topics.get('orders');
    expect(topic?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(topic?.partitions.map((p) => [p.partition, p.logStartOffset, p.logEndOffset, p.leader])).toEqual([
      [0, 0, 0, 1],
      [1, 0, 0, 1],
      [2, 0, 0, 1],
    ]);
  });

  it('lists topics in Java String order (uppercase before lowercase)', () => {
    const world = worldWith(create('orders'), create('Zebra'), create('apples'), create('_x'));
    expect(listTopics(world)).toEqual(['Zebra', '_x', 'apples', 'orders']);
  });
});

describe('kafka-topics --delete', () => {
  it('refuses an unknown topic with the broker message', () => {
    expect(applyCommand(createWorld(), { kind: 'deleteTopic', topic: 'nope' })).toEqual({
      ok: false,
      error: { code: 'UnknownTopicOrPartitionException', message: 'This server does not host this topic-partition.' },
    });
  });

  it('removes the topic and every group offset on it, and nothing of other topics', () => {
    const sim = new Sim();
    sim.apply(create('orders', 2));
    sim.apply(create('other', 1));
    sim.apply({
      kind: 'produce',
      topic: 'orders',
      records: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
    sim.apply({ kind: 'produce', topic: 'other', records: [{ key: null, value: 'x' }] });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['orders', 'other'], offsetReset: 'earliest', autoCommitIntervalTicks: 1 });
    sim.runUntilQuiet();
    expect(committed(sim.world, 'g', 'other', 0)).toBe(1);
    sim.apply({ kind: 'deleteTopic', topic: 'orders' });
    expect(listTopics(sim.world)).toEqual(['other']);
    expect([...(sim.world.groups.get('g')?.offsets.keys() ?? [])]).toEqual(['other-0']);
  });

  // Regression: a consumer kept its position in the deleted log and committed it (auto-commit,
  // commit after an empty poll) against the topic created again under the same name, leaving a
  // committed offset past the new log end; commits already in flight landed the same way.
  it('does not carry positions or in-flight commits over to a topic created again under the same name', () => {
    const sim = new Sim();
    sim.apply(create('orders', 1));
    sim.apply({
      kind: 'produce',
      topic: 'orders',
      records: [
        { key: null, value: 'a' },
        { key: null, value: 'b' },
        { key: null, value: 'c' },
      ],
    });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['orders'], offsetReset: 'earliest', commitMode: 'after' });
    sim.stepUntil('record.processed', (e) => e.payload.offset === 2);
    // The commit of offset 3 is on the wire now.
    expect(sim.world.network.some((m) => m.kind === 'commit')).toBe(true);
    sim.apply({ kind: 'deleteTopic', topic: 'orders' });
    sim.apply(create('orders', 1));
    expect(sim.world.consumers.get('c')?.positions.has('orders-0')).toBe(false);
    sim.runUntilQuiet(); // Sim checks "committed ≤ log end" and "positions within the log" after every tick
    expect(committed(sim.world, 'g', 'orders', 0) ?? 0).toBe(0);
    expect(assignmentOf(sim.world, 'c')).toEqual(['orders-0']);
  });
});

describe('kafka-topics --alter --partitions', () => {
  it.each([
    { why: 'an increase', partitions: 5, error: null },
    { why: 'the same count', partitions: 3, error: { code: 'InvalidPartitionsException', message: 'Topic already has 3 partition(s).' } },
    {
      why: 'a decrease',
      partitions: 2,
      error: { code: 'InvalidPartitionsException', message: 'The topic orders currently has 3 partition(s); 2 would not be an increase.' },
    },
  ])('$why', ({ partitions, error }) => {
    const world = worldWith(create('orders', 3));
    const before = JSON.stringify(describeWorld(world));
    const result = applyCommand(world, { kind: 'alterPartitions', topic: 'orders', partitions });
    if (error) {
      expect(result).toEqual({ ok: false, error });
      expect(JSON.stringify(describeWorld(world))).toBe(before);
    } else {
      expect(result.ok && ofKind(result.events, 'partitions.added').map((e) => e.payload)).toEqual([{ topic: 'orders', from: 3, to: 5 }]);
      expect(world.topics.get('orders')?.partitions.map((p) => p.partition)).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('refuses an unknown topic', () => {
    expect(applyCommand(createWorld(), { kind: 'alterPartitions', topic: 'nope', partitions: 2 })).toEqual({
      ok: false,
      error: { code: 'UnknownTopicOrPartitionException', message: 'This server does not host this topic-partition.' },
    });
  });

  it('keeps every existing record where it was, and subscribed groups rebalance onto the new partitions', () => {
    const sim = new Sim();
    sim.apply(create('orders', 1));
    sim.apply({ kind: 'produce', topic: 'orders', records: [{ key: 'k', value: 'v0' }] });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['orders'], offsetReset: 'earliest' });
    sim.runUntilQuiet();
    const events = sim.apply({ kind: 'alterPartitions', topic: 'orders', partitions: 3 });
    expect(ofKind(events, 'rebalance.started').map((e) => e.payload.reason)).toEqual(['topic orders now has 3 partitions']);
    sim.runUntilQuiet();
    expect(assignmentOf(sim.world, 'c')).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(sim.world.topics.get('orders')?.partitions[0]?.store.read(0).value).toBe('v0');
  });
});

// ReplicationControlManager.validateNewTopicNames: names equal once '.' becomes '_' collide
// (Topic.unifyCollisionChars); createTopics then marks existing names, which wins over both.
describe('topic name collisions', () => {
  it.each([
    {
      why: 'a_b beside a.b',
      existing: ['a.b'],
      topic: 'a_b',
      error: { code: 'InvalidTopicException', message: "Topic 'a_b' collides with existing topic: a.b" },
    },
    {
      why: 'a.b beside a_b',
      existing: ['a_b'],
      topic: 'a.b',
      error: { code: 'InvalidTopicException', message: "Topic 'a.b' collides with existing topic: a_b" },
    },
    {
      why: 'x.y_z beside x_y.z',
      existing: ['x_y.z'],
      topic: 'x.y_z',
      error: { code: 'InvalidTopicException', message: "Topic 'x.y_z' collides with existing topic: x_y.z" },
    },
    { why: 'the same name', existing: ['a.b'], topic: 'a.b', error: { code: 'TopicExistsException', message: "Topic 'a.b' already exists." } },
    {
      why: "'.' beside '_' (a collision replaces the invalid-name error)",
      existing: ['_'],
      topic: '.',
      error: { code: 'InvalidTopicException', message: "Topic '.' collides with existing topic: _" },
    },
    { why: 'a-b beside a.b and a_b (no collision characters)', existing: ['a.b'], topic: 'a-b', error: null },
    { why: 'ab beside a_b', existing: ['a_b'], topic: 'ab', error: null },
    { why: 'a.b.c beside a.b', existing: ['a.b'], topic: 'a.b.c', error: null },
  ])('$why', ({ existing, topic, error }) => {
    const world = worldWith(...existing.map((t) => create(t)));
    const before = JSON.stringify(describeWorld(world));
    const result = applyCommand(world, create(topic, 3));
    if (error === null) {
      expect(result.ok).toBe(true);
    } else {
      expect(result).toEqual({ ok: false, error });
      expect(JSON.stringify(describeWorld(world))).toBe(before);
    }
  });
});

describe('__consumer_offsets', () => {
  /** A world where group g has used the coordinator (so __consumer_offsets exists). */
  function withGroup() {
    const sim = new Sim();
    sim.apply(create('orders'));
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['orders'] });
    return sim;
  }
  const NOT_SIMULATED = (action: string) => ({
    code: 'NotSimulated',
    message: `Streamlab does not simulate ${action} __consumer_offsets once a group has used it: the simulator keeps committed offsets in its coordinator, not in this topic's log.`,
  });

  it('exists once a group used the coordinator: creating it, or a name that collides with it, is refused', () => {
    const sim = withGroup();
    expect(sim.try(create('__consumer_offsets', 3))).toEqual({
      ok: false,
      error: { code: 'TopicExistsException', message: "Topic '__consumer_offsets' already exists." },
    });
    expect(sim.try(create('__consumer.offsets'))).toEqual({
      ok: false,
      error: { code: 'InvalidTopicException', message: "Topic '__consumer.offsets' collides with existing topic: __consumer_offsets" },
    });
    expect(listTopics(sim.world)).toEqual(['orders']);
  });

  it('may be made by hand before any group, and then deleted as any topic', () => {
    const world = worldWith(create('__consumer_offsets', 3));
    expect(listTopics(world)).toEqual(['__consumer_offsets']);
    expect(applyCommand(world, { kind: 'deleteTopic', topic: '__consumer_offsets' }).ok).toBe(true);
  });

  it('is neither deleted nor grown once a group used it, hand-made or not', () => {
    const sim = withGroup();
    expect(sim.try({ kind: 'deleteTopic', topic: '__consumer_offsets' })).toEqual({ ok: false, error: NOT_SIMULATED('deleting') });
    expect(sim.try({ kind: 'alterPartitions', topic: '__consumer_offsets', partitions: 60 })).toEqual({
      ok: false,
      error: NOT_SIMULATED('adding partitions to'),
    });
    const handMade = worldWith(create('__consumer_offsets', 3), create('orders'), { kind: 'startConsumer', name: 'c', group: 'g', topics: ['orders'] });
    expect(applyCommand(handMade, { kind: 'deleteTopic', topic: '__consumer_offsets' })).toEqual({ ok: false, error: NOT_SIMULATED('deleting') });
    expect(handMade.topics.get('__consumer_offsets')?.partitions).toHaveLength(3);
  });
});

describe('consumers and topic names', () => {
  it.each([
    { topics: ['my orders'], message: "Topic name is invalid: 'my orders' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'" },
    { topics: ['orders', ''], message: 'Topic name is invalid: the empty string is not allowed' },
    { topics: ['.'], message: "Topic name is invalid: '.' is not allowed" },
  ])('a consumer of $topics is refused before it joins its group', ({ topics, message }) => {
    const world = worldWith(create('orders'));
    const before = JSON.stringify(describeWorld(world));
    expect(applyCommand(world, { kind: 'startConsumer', name: 'c', group: 'g', topics })).toEqual({
      ok: false,
      error: { code: 'InvalidTopicException', message },
    });
    expect(JSON.stringify(describeWorld(world))).toBe(before);
  });

  it('a consumer of a valid topic that does not exist yet is accepted (it waits for the topic)', () => {
    const world = worldWith(create('orders'));
    expect(applyCommand(world, { kind: 'startConsumer', name: 'c', group: 'g', topics: ['payments'] }).ok).toBe(true);
  });
});
