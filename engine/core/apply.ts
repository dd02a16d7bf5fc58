/**
 * Applying a command: validate, then change the world and report events. A refused command
 * returns its error and leaves the world exactly as it was (every rule checks before it writes).
 */
import type { Command, CommandError, CommandKind } from './commands.ts';
import { address, EventLog, type WorldEvent } from './events.ts';
import { createRng } from './random.ts';
import { controllerRngFor } from './world.ts';
import type { RuleContext } from './rules/context.ts';
import { refuse } from './rules/context.ts';
import { crashConsumer, removeConsumer, restartConsumer, startConsumer, stopConsumer, nextConsoleGroupId } from './rules/consumers.ts';
import { deleteGroup, resetOffsets, type OffsetResetPlan } from './rules/group-admin.ts';
import { addBroker, configureCluster } from './rules/cluster.ts';
import { crashBroker, restartBroker, setBrokerSlow, stopBroker } from './rules/broker-lifecycle.ts';
import { electLeaders, type ElectionResult } from './rules/leader-election.ts';
import { startProducer, stopProducer } from './rules/producers.ts';
import { alterPartitions, alterTopicConfigs, createTopic, deleteTopic } from './rules/topics.ts';
import type { Acks, AssignorName, CommitMode, IsolationLevel, OffsetResetPolicy, World } from './types.ts';
import { startProcessor } from './rules/processors.ts';
import { abortInPartition } from './rules/transaction-coordinator.ts';
import { LIMITS, limitMessage, SIMULATOR_LIMIT } from './limits.ts';

export type ApplyResult =
  { readonly ok: true; readonly events: WorldEvent[]; readonly detail?: ApplyDetail } | { readonly ok: false; readonly error: CommandError };

/** What some commands hand back besides events. */
export type ApplyDetail =
  | { readonly kind: 'producer'; readonly name: string }
  | { readonly kind: 'consumer'; readonly name: string; readonly group: string }
  | { readonly kind: 'offsetReset'; readonly plan: OffsetResetPlan }
  | { readonly kind: 'election'; readonly results: readonly ElectionResult[] };

/** Every kind of command there is: anything else is refused before it can touch the world. */
const KINDS: ReadonlySet<string> = new Set<CommandKind>([
  'seed',
  'createTopic',
  'deleteTopic',
  'alterPartitions',
  'produce',
  'startProducer',
  'stopProducer',
  'startConsumer',
  'startProcessor',
  'stopConsumer',
  'crashConsumer',
  'restartConsumer',
  'removeConsumer',
  'resetOffsets',
  'deleteGroup',
  'configureFaults',
  'configureCluster',
  'addBroker',
  'crashBroker',
  'stopBroker',
  'restartBroker',
  'setBrokerSlow',
  'electLeaders',
  'alterTopicConfigs',
  'abortTransaction',
]);

const invalid = (message: string): CommandError => refuse('InvalidCommand', message);
const isText = (s: unknown, max: number): s is string => typeof s === 'string' && s.length <= max;
const isName = (s: unknown): s is string => isText(s, LIMITS.nameChars) && s.length > 0;
/** A whole number in [min, max]: NaN, ±Infinity, fractions and non-numbers all fail. */
const isWhole = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
/** An optional whole number: absent (undefined, or null where the field allows it) or whole in [min, max]. */
const isCount = (n: unknown, min: number, max: number) => n === undefined || n === null || isWhole(n, min, max);
const isOneOf = <T>(v: unknown, options: readonly T[]): boolean => v === undefined || options.includes(v as T);
const ACKS: readonly Acks[] = [0, 1, 'all'];
const COMMIT_MODES: readonly CommitMode[] = ['auto', 'after', 'before', 'close', 'none'];
const OFFSET_RESETS: readonly OffsetResetPolicy[] = ['earliest', 'latest'];
const ASSIGNORS: readonly AssignorName[] = ['range', 'roundrobin', 'sticky'];
const ISOLATION_LEVELS: readonly IsolationLevel[] = ['read_uncommitted', 'read_committed'];
const isRate = (r: unknown) => r === undefined || (typeof r === 'number' && r >= 0 && r <= 1);
const isNullableText = (s: unknown) => s === null || isText(s, LIMITS.wordChars);

/** `{ topic, partition }` with a topic name and a whole partition number (a Java int). */
function isTopicPartition(tp: unknown): boolean {
  if (typeof tp !== 'object' || tp === null) return false;
  const { topic, partition } = tp as { topic?: unknown; partition?: unknown };
  return isText(topic, LIMITS.wordChars) && isWhole(partition, -2_147_483_648, 2_147_483_647);
}

function check(ok: boolean, message: string): CommandError | null {
  return ok ? null : invalid(message);
}

/** A refusal by one of the simulator's own limits (Kafka has no such error: tools print it as the simulator's). */
function withinLimit(ok: boolean, message: () => string): CommandError | null {
  return ok ? null : refuse(SIMULATOR_LIMIT, message());
}

/** Every field of `command` has the type and range its kind needs (the API may be handed anything). */
function validateShape(command: Command): CommandError | null {
  if (typeof command !== 'object' || command === null || !KINDS.has((command as { kind?: unknown }).kind as string)) {
    return invalid(`unknown command ${JSON.stringify((command as { kind?: unknown } | null)?.kind ?? command)}`);
  }
  const c = command;
  switch (c.kind) {
    case 'seed':
      return check(isWhole(c.seed, 0, 0xffffffff), 'the seed is a whole number from 0 to 4294967295');
    case 'createTopic':
      return (
        check(isText(c.topic, LIMITS.wordChars), 'a topic needs a name') ??
        // Partitions: the topic rule answers with Kafka's own errors for < 1, the limits below for too many.
        check(isWhole(c.partitions, -2_147_483_648, 2_147_483_647), 'the partition count is a whole number (a Java int)') ??
        check(isCount(c.replicationFactor, -1, 32767), 'the replication factor is a whole number') ??
        check(
          c.configs === undefined ||
            (Array.isArray(c.configs) && c.configs.every((e) => Array.isArray(e) && isText(e[0], LIMITS.wordChars) && isText(e[1], LIMITS.wordChars))),
          'topic configs are name/value pairs of text',
        )
      );
    case 'deleteTopic':
    case 'stopProducer':
    case 'stopConsumer':
    case 'crashConsumer':
    case 'restartConsumer':
    case 'removeConsumer':
      return check(isText('topic' in c ? c.topic : c.name, LIMITS.wordChars), `${c.kind} needs a name`);
    case 'alterPartitions':
      return (
        check(isText(c.topic, LIMITS.wordChars), 'a topic needs a name') ??
        check(isWhole(c.partitions, -2_147_483_648, 2_147_483_647), 'the partition count is a whole number (a Java int)')
      );
    case 'deleteGroup':
      return check(isText(c.group, LIMITS.wordChars), 'a group needs a name');
    case 'produce':
      return (
        check(isText(c.topic, LIMITS.wordChars), 'a topic needs a name') ??
        check(Array.isArray(c.records), 'produce needs a list of records') ??
        withinLimit(c.records.length <= LIMITS.recordsPerCommand, () =>
          limitMessage(`${c.records.length.toLocaleString('en-US')} records in one command`, LIMITS.recordsPerCommand, 'records per command'),
        ) ??
        check(
          c.records.every(
            (r) =>
              typeof r === 'object' && r !== null && isNullableText(r.key) && isNullableText(r.value) && (r.headers === undefined || Array.isArray(r.headers)),
          ),
          'each record has a key and a value, each text or null',
        ) ??
        check(isOneOf(c.acks, ACKS), 'acks is all, 1 or 0') ??
        check(c.clientId === undefined || isName(c.clientId), 'a client id is a short name')
      );
    case 'startProducer':
      return (
        check(isName(c.name), 'a producer needs a name') ??
        check(isText(c.topic, LIMITS.wordChars), 'a producer needs a topic') ??
        check(isCount(c.everyTicks, 1, LIMITS.ticksPerCommand), `--every must be a whole number of ticks, from 1 to ${LIMITS.ticksPerCommand}`) ??
        check(isCount(c.count, 0, Number.MAX_SAFE_INTEGER), '--count must be a whole number') ??
        check(isCount(c.batch, 1, Number.MAX_SAFE_INTEGER), '--batch must be at least 1') ??
        withinLimit(isCount(c.batch, 1, LIMITS.batchRecords), () => limitMessage(`--batch ${c.batch}`, LIMITS.batchRecords, 'records per batch')) ??
        check(
          c.keys === undefined || (Array.isArray(c.keys) && c.keys.length <= LIMITS.batchRecords && c.keys.every((k) => isText(k, LIMITS.wordChars))),
          'keys are a list of text',
        ) ??
        check(c.valueTemplate === undefined || isText(c.valueTemplate, LIMITS.wordChars), 'the value template is text') ??
        check(isOneOf(c.acks, ACKS), 'acks is all, 1 or 0') ??
        check(c.idempotent === undefined || typeof c.idempotent === 'boolean', 'idempotent is true or false')
      );
    case 'startConsumer':
      return (
        check(isName(c.name), 'a consumer needs a name') ??
        // The console consumer may go without a group: `run` names one as Kafka's tool does.
        check(isName(c.group) || (c.console !== undefined && c.group === ''), 'a consumer needs a group') ??
        check(Array.isArray(c.topics) && c.topics.length > 0, 'a consumer needs a topic') ??
        check(c.topics.length <= LIMITS.partitionsPerWorld && c.topics.every((t) => isText(t, LIMITS.wordChars)), 'topics are a list of names') ??
        check(
          isCount(c.autoCommitIntervalTicks, 1, LIMITS.ticksPerCommand),
          `--auto-commit-interval must be a whole number of ticks, from 1 to ${LIMITS.ticksPerCommand}`,
        ) ??
        check(isCount(c.processTicks, 0, LIMITS.ticksPerCommand), `--process-ticks must be a whole number, at most ${LIMITS.ticksPerCommand}`) ??
        check(isCount(c.maxPollRecords, 1, 2_147_483_647), '--max-poll-records must be at least 1') ??
        check(isOneOf(c.commitMode, COMMIT_MODES), `the commit mode is one of ${COMMIT_MODES.join(', ')}`) ??
        check(isOneOf(c.offsetReset, OFFSET_RESETS), 'the offset reset is earliest or latest') ??
        check(isOneOf(c.assignor, ASSIGNORS), `the assignor is one of ${ASSIGNORS.join(', ')}`) ??
        check(isOneOf(c.isolation, ISOLATION_LEVELS), 'the isolation level is read_uncommitted or read_committed') ??
        check(c.clientId === undefined || isName(c.clientId), 'a client id is a short name') ??
        check(
          c.console === undefined || (typeof c.console === 'object' && c.console !== null && isCount(c.console.maxMessages, 0, Number.MAX_SAFE_INTEGER)),
          'the console consumer takes a whole number of messages, or none',
        )
      );
    case 'startProcessor':
      return (
        check(isName(c.name), 'a processor needs a name') ??
        check(isName(c.group), 'a processor needs a group') ??
        check(isText(c.from, LIMITS.wordChars) && isText(c.to, LIMITS.wordChars), 'a processor needs a topic to read (--from) and one to write (--to)') ??
        check(c.exactlyOnce === undefined || typeof c.exactlyOnce === 'boolean', 'exactly-once is true or false') ??
        check(isCount(c.processTicks, 0, LIMITS.ticksPerCommand), `--process-ticks must be a whole number, at most ${LIMITS.ticksPerCommand}`) ??
        check(isCount(c.maxPollRecords, 1, 2_147_483_647), '--max-poll-records must be at least 1') ??
        check(c.transform === undefined || isText(c.transform, LIMITS.wordChars), 'the transform is text')
      );
    case 'resetOffsets': {
      const spec = c.spec as { to?: unknown; offset?: unknown; by?: unknown } | undefined;
      const specOk =
        typeof spec === 'object' &&
        spec !== null &&
        (spec.to === 'earliest' ||
          spec.to === 'latest' ||
          (spec.to === 'offset' && isWhole(spec.offset, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) ||
          (spec.to === 'shift' && isWhole(spec.by, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)));
      return (
        check(isText(c.group, LIMITS.wordChars), 'a group needs a name') ??
        check(isText(c.topic, LIMITS.wordChars), 'a topic needs a name') ??
        check(
          c.partitions === undefined ||
            (Array.isArray(c.partitions) && c.partitions.length <= LIMITS.partitionsPerTopic && c.partitions.every((p) => isWhole(p, 0, 2_147_483_647))),
          'partitions are whole numbers',
        ) ??
        check(specOk, 'the reset goes to earliest, latest, a whole offset, or shifts by a whole number')
      );
    }
    case 'alterTopicConfigs':
      return (
        check(isText(c.topic, LIMITS.wordChars), 'a topic needs a name') ??
        check(
          Array.isArray(c.set) && c.set.every((e) => Array.isArray(e) && isText(e[0], LIMITS.wordChars) && isText(e[1], LIMITS.wordChars)),
          'configs to set are name/value pairs of text',
        ) ??
        check(Array.isArray(c.remove) && c.remove.every((k) => isText(k, LIMITS.wordChars)), 'configs to remove are names')
      );
    case 'configureCluster':
      return (
        check(isWhole(c.brokers, 1, Number.MAX_SAFE_INTEGER), 'a cluster has a whole number of brokers, at least 1') ??
        withinLimit(c.brokers <= LIMITS.brokers, () => limitMessage(`${c.brokers.toLocaleString('en-US')} brokers`, LIMITS.brokers, 'brokers in a cluster'))
      );
    case 'addBroker':
      return null;
    case 'crashBroker':
    case 'stopBroker':
    case 'restartBroker':
      return check(isWhole(c.broker, 0, 2_147_483_647), 'a broker is named by its id, a whole number');
    case 'setBrokerSlow':
      return (
        check(isWhole(c.broker, 0, 2_147_483_647), 'a broker is named by its id, a whole number') ?? check(typeof c.slow === 'boolean', 'slow is true or false')
      );
    case 'electLeaders':
      return (
        check(c.election === 'preferred' || c.election === 'unclean', 'the election type is preferred or unclean') ??
        check(
          c.partitions === 'all' ||
            (Array.isArray(c.partitions) && c.partitions.length <= LIMITS.partitionsPerWorld && (c.partitions as readonly unknown[]).every(isTopicPartition)),
          'partitions are a topic and a whole partition number each, or all',
        )
      );
    case 'abortTransaction':
      return (
        check(isText(c.topic, LIMITS.wordChars), 'a topic needs a name') ??
        check(isWhole(c.partition, -2_147_483_648, 2_147_483_647), 'a partition is a whole number') ??
        check(isWhole(c.producerId, 0, Number.MAX_SAFE_INTEGER), 'a producer id is a whole number') ??
        check(isWhole(c.producerEpoch, 0, 32767), 'a producer epoch is a whole number (a Java short)')
      );
    case 'configureFaults':
      return check(
        isRate(c.requestLossRate) && isRate(c.responseLossRate) && isCount(c.jitterTicks, 0, LIMITS.ticksPerCommand),
        'loss rates lie in [0, 1] and jitter is a whole number of ticks',
      );
  }
}

/** Partitions of every topic, kept as a counter so that checking the limit costs nothing per command. */
function partitionsOf(world: World, topic: string): number {
  return world.topics.get(topic)?.partitions.length ?? 0;
}

/** The world-size limits a command would break, checked against the world it would change. */
function validateLimits(world: World, command: Command): CommandError | null {
  const room = LIMITS.partitionsPerWorld - world.counters.partitions;
  // The message is built only when needed: this runs for every create of a 20,000-line script.
  const overWorld = (adding: number) =>
    withinLimit(adding <= room, () =>
      limitMessage(
        `${adding.toLocaleString('en-US')} more partition(s) would make ${(world.counters.partitions + adding).toLocaleString('en-US')} in this world`,
        LIMITS.partitionsPerWorld,
        'partitions in a world',
      ),
    );
  switch (command.kind) {
    case 'createTopic':
      if (!Number.isInteger(command.partitions) || command.partitions < 1 || world.topics.has(command.topic)) return null; // the topic rule answers these
      // Kafka: ReplicationControlManager.validateTotalNumberOfPartitions.
      if (command.partitions > LIMITS.partitionsPerRequest) return refuse('PolicyViolationException', 'Excessively large number of partitions per request.');
      return overWorld(command.partitions);
    case 'alterPartitions': {
      const current = partitionsOf(world, command.topic);
      if (!Number.isInteger(command.partitions) || command.partitions <= current || current === 0) return null; // the topic rule answers these
      return (
        withinLimit(command.partitions <= LIMITS.partitionsPerTopic, () =>
          limitMessage(
            `${command.partitions.toLocaleString('en-US')} partitions for topic ${command.topic}`,
            LIMITS.partitionsPerTopic,
            'partitions per topic',
          ),
        ) ?? overWorld(command.partitions - current)
      );
    }
    case 'produce':
    case 'startProducer': {
      const autoCreates = !world.topics.has(command.topic);
      const isNew = command.kind === 'startProducer' && !world.producers.has(command.name);
      return (
        (autoCreates ? overWorld(1) : null) ??
        withinLimit(!isNew || world.producers.size < LIMITS.producers, () =>
          limitMessage(`producer ${command.kind === 'startProducer' ? command.name : ''}`, LIMITS.producers, 'producers in a world'),
        )
      );
    }
    case 'startConsumer':
      return withinLimit(world.consumers.has(command.name) || world.consumers.size < LIMITS.consumers, () =>
        limitMessage(`consumer ${command.name}`, LIMITS.consumers, 'consumers in a world'),
      );
    case 'startProcessor':
      return (
        withinLimit(world.consumers.size < LIMITS.consumers, () => limitMessage(`processor ${command.name}`, LIMITS.consumers, 'consumers in a world')) ??
        withinLimit(world.producers.size < LIMITS.producers, () => limitMessage(`processor ${command.name}`, LIMITS.producers, 'producers in a world')) ??
        (world.topics.has(command.to) ? null : overWorld(1))
      );
    default:
      return null;
  }
}

/** Checks a command against its shape and the world's limits before anything runs. */
function validate(world: World, command: Command): CommandError | null {
  return validateShape(command) ?? validateLimits(world, command);
}

/**
 * A processor's poll batches default to 10 records rather than max.poll.records' 500: each batch is
 * one transaction, which must end well inside transaction.timeout.ms (40 ticks) at a tick a record.
 */
const PROCESSOR_MAX_POLL_RECORDS = 10;

function run(ctx: RuleContext, command: Command): CommandError | null | ApplyDetail {
  const { world, log } = ctx;
  const o = world.options;
  switch (command.kind) {
    case 'seed':
      world.rng = createRng(command.seed);
      world.controllerRng = controllerRngFor(command.seed);
      log.emit('world.seeded', address.admin, address.admin, { seed: command.seed });
      return null;
    case 'createTopic':
      return createTopic(ctx, command);
    case 'deleteTopic':
      return deleteTopic(ctx, command.topic);
    case 'alterPartitions':
      return alterPartitions(ctx, command.topic, command.partitions);
    case 'produce': {
      const name = `console-producer#${++world.counters.consoleProducers}`;
      const queued = command.records.map((r) => ({ key: r.key, value: r.value, headers: r.headers ?? [] }));
      return (
        startProducer(ctx, {
          name,
          clientId: command.clientId ?? 'console-producer',
          topic: command.topic,
          acks: command.acks ?? 'all',
          // Kafka turns idempotence off by default when acks is not all (see startProducer).
          idempotent: (command.acks ?? 'all') === 'all',
          everyTicks: 1,
          count: queued.length,
          batch: queued.length,
          keys: [],
          valueTemplate: '',
          queued,
          // ConsoleProducer: --message-send-max-retries, 3 by default.
          retries: 3,
          transactional: null,
        }) ?? { kind: 'producer', name }
      );
    }
    case 'startProducer': {
      // Kafka (ProducerConfig): enable.idempotence defaults to true but is turned off when acks
      // is not all, and asking for both is a ConfigException. Idempotence needs acks=all here too:
      // with acks=0 a lost request is never retried, and the broker, which appends an idempotent
      // producer's batches in sequence order only, would refuse every later one.
      const acks = command.acks ?? 'all';
      if (command.idempotent === true && acks !== 'all') {
        return refuse('ConfigException', 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.');
      }
      return (
        startProducer(ctx, {
          name: command.name,
          clientId: command.name,
          topic: command.topic,
          acks,
          idempotent: command.idempotent ?? acks === 'all',
          everyTicks: command.everyTicks ?? 1,
          count: command.count ?? null,
          batch: command.batch ?? 1,
          keys: command.keys ?? [],
          valueTemplate: command.valueTemplate ?? `${command.name}-{n}`,
          queued: null,
          retries: o.retries,
          transactional: null,
        }) ?? { kind: 'producer', name: command.name }
      );
    }
    case 'stopProducer':
      return stopProducer(ctx, command.name);
    case 'startConsumer': {
      const isConsole = command.console !== undefined;
      // Kafka's console consumer without --group joins a generated `console-consumer-NNNNN` group.
      const group = command.group || nextConsoleGroupId(world);
      const name = isConsole ? `console-consumer#${++world.counters.consoleConsumers}` : command.name;
      return (
        startConsumer(ctx, {
          name,
          clientId: command.clientId ?? command.name,
          group,
          topics: command.topics,
          commitMode: command.commitMode ?? 'auto',
          autoCommitIntervalTicks: command.autoCommitIntervalTicks ?? o.autoCommitIntervalTicks,
          processTicks: command.processTicks ?? (isConsole ? 0 : o.processTicks),
          maxPollRecords: command.maxPollRecords ?? o.maxPollRecords,
          offsetReset: command.offsetReset ?? 'latest',
          assignor: command.assignor ?? 'range',
          console: command.console ? { maxMessages: command.console.maxMessages, records: [], done: false } : null,
          isolation: command.isolation ?? 'read_uncommitted',
          processor: null,
        }) ?? { kind: 'consumer', name, group }
      );
    }
    case 'startProcessor':
      return (
        startProcessor(ctx, {
          name: command.name,
          group: command.group,
          from: command.from,
          to: command.to,
          exactlyOnce: command.exactlyOnce ?? false,
          processTicks: command.processTicks ?? o.processTicks,
          maxPollRecords: command.maxPollRecords ?? PROCESSOR_MAX_POLL_RECORDS,
          transform: command.transform ?? '{value}',
        }) ?? { kind: 'consumer', name: command.name, group: command.group }
      );
    case 'stopConsumer':
      return stopConsumer(ctx, command.name);
    case 'crashConsumer':
      return crashConsumer(ctx, command.name);
    case 'restartConsumer':
      return restartConsumer(ctx, command.name);
    case 'removeConsumer':
      return removeConsumer(ctx, command.name);
    case 'resetOffsets': {
      const result = resetOffsets(ctx, command.group, command.topic, command.partitions, command.spec);
      return 'code' in result ? result : { kind: 'offsetReset', plan: result };
    }
    case 'deleteGroup':
      return deleteGroup(ctx, command.group);
    case 'alterTopicConfigs':
      return alterTopicConfigs(ctx, command.topic, command.set, command.remove);
    case 'configureCluster':
      return configureCluster(ctx, command.brokers);
    case 'addBroker':
      return addBroker(ctx);
    case 'crashBroker':
      return crashBroker(ctx, command.broker);
    case 'stopBroker':
      return stopBroker(ctx, command.broker);
    case 'restartBroker':
      return restartBroker(ctx, command.broker);
    case 'setBrokerSlow':
      return setBrokerSlow(ctx, command.broker, command.slow);
    case 'electLeaders':
      return { kind: 'election', results: electLeaders(ctx, command.election, command.partitions) };
    case 'abortTransaction': {
      const error = abortInPartition(ctx, { topic: command.topic, partition: command.partition }, command.producerId, command.producerEpoch);
      return error === null ? null : refuse(error, error);
    }
    case 'configureFaults':
      if (command.requestLossRate !== undefined) world.faults.requestLossRate = command.requestLossRate;
      if (command.responseLossRate !== undefined) world.faults.responseLossRate = command.responseLossRate;
      if (command.jitterTicks !== undefined) world.faults.jitterTicks = command.jitterTicks;
      log.emit('faults.configured', address.admin, address.admin, { ...world.faults });
      return null;
  }
}

/** What a refused command may have touched before a rule refused it: counters and the PRNG, which are cheap to copy. */
function savePoint(world: World): { counters: World['counters']; rng: number; controllerRng: number } {
  return { counters: { ...world.counters }, rng: world.rng.state, controllerRng: world.controllerRng.state };
}

/** Keeps `counters.partitions` true after a command that may have created, grown or deleted a topic. */
function countPartitions(world: World, command: Command, before: number): void {
  if (!('topic' in command) || command.kind === 'resetOffsets') return;
  world.counters.partitions += partitionsOf(world, command.topic) - before;
}

/** Applies `command` to `world` at its current tick (in place); refused commands change nothing. */
export function applyCommand(world: World, command: Command): ApplyResult {
  const problem = validate(world, command);
  if (problem) return { ok: false, error: problem };
  // Rules check before they write (the refusal property tests hold them to it), except for
  // counter bumps and PRNG draws a compound command makes before an inner rule refuses (a
  // producer whose auto-created topic is refused): those two are restored here. No whole-world
  // copy per command: that made a script's cost grow with the square of its length.
  const saved = savePoint(world);
  const partitionsBefore = 'topic' in command ? partitionsOf(world, command.topic) : 0;
  const deletedRecords = command.kind === 'deleteTopic' ? retainedRecordsOf(world, command.topic) : 0;
  const ctx: RuleContext = { world, log: new EventLog(world) };
  const outcome = run(ctx, command);
  if (outcome && 'code' in outcome) {
    world.counters = saved.counters;
    world.rng.state = saved.rng;
    world.controllerRng.state = saved.controllerRng;
    return { ok: false, error: outcome };
  }
  countPartitions(world, command, partitionsBefore);
  world.counters.recordsRetained -= deletedRecords;
  return outcome ? { ok: true, events: ctx.log.events, detail: outcome } : { ok: true, events: ctx.log.events };
}

/** Records a topic's logs hold now. */
function retainedRecordsOf(world: World, topic: string): number {
  let n = 0;
  for (const p of world.topics.get(topic)?.partitions ?? []) n += p.logEndOffset - p.logStartOffset;
  return n;
}
