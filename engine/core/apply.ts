/**
 * Applying a command: validate, then change the world and report events. A refused command
 * returns its error and leaves the world exactly as it was (every rule checks before it writes).
 */
import type { Command, CommandError } from './commands.ts';
import { address, EventLog, type WorldEvent } from './events.ts';
import { createRng } from './random.ts';
import type { RuleContext } from './rules/context.ts';
import { refuse } from './rules/context.ts';
import { crashConsumer, removeConsumer, restartConsumer, startConsumer, stopConsumer, nextConsoleGroupId } from './rules/consumers.ts';
import { deleteGroup, resetOffsets, type OffsetResetPlan } from './rules/group-admin.ts';
import { startProducer, stopProducer } from './rules/producers.ts';
import { alterPartitions, createTopic, deleteTopic } from './rules/topics.ts';
import type { World } from './types.ts';
import { cloneWorld } from './world.ts';

export type ApplyResult =
  | { readonly ok: true; readonly events: WorldEvent[]; readonly detail?: ApplyDetail }
  | { readonly ok: false; readonly error: CommandError };

/** What some commands hand back besides events. */
export type ApplyDetail =
  | { readonly kind: 'producer'; readonly name: string }
  | { readonly kind: 'consumer'; readonly name: string; readonly group: string }
  | { readonly kind: 'offsetReset'; readonly plan: OffsetResetPlan };

const isName = (s: string) => s.length > 0 && s.length <= 249;
const isCount = (n: number | undefined | null, min: number) => n === undefined || n === null || (Number.isInteger(n) && n >= min);

function check(ok: boolean, message: string): CommandError | null {
  return ok ? null : refuse('InvalidCommand', message);
}

/** Numeric arguments every command shares, checked before anything runs. */
function validate(command: Command): CommandError | null {
  switch (command.kind) {
    case 'seed':
      return check(Number.isInteger(command.seed), 'the seed must be an integer');
    case 'startProducer':
      return (
        check(isName(command.name), 'a producer needs a name') ??
        check(isCount(command.everyTicks, 1), '--every must be a whole number of ticks, at least 1') ??
        check(isCount(command.count, 0), '--count must be a whole number') ??
        check(isCount(command.batch, 1), '--batch must be at least 1')
      );
    case 'startConsumer':
      return (
        check(isName(command.name), 'a consumer needs a name') ??
        // The console consumer may go without a group: `run` names one as Kafka's tool does.
        check(isName(command.group) || (command.console !== undefined && command.group === ''), 'a consumer needs a group') ??
        check(command.topics.length > 0, 'a consumer needs a topic') ??
        check(isCount(command.autoCommitIntervalTicks, 1), '--auto-commit-interval must be at least 1 tick') ??
        check(isCount(command.processTicks, 0), '--process-ticks must be a whole number') ??
        check(isCount(command.maxPollRecords, 1), '--max-poll-records must be at least 1')
      );
    case 'configureFaults': {
      const rate = (r: number | undefined) => r === undefined || (r >= 0 && r <= 1);
      return check(rate(command.requestLossRate) && rate(command.responseLossRate) && isCount(command.jitterTicks, 0), 'loss rates lie in [0, 1] and jitter is a whole number of ticks');
    }
    default:
      return null;
  }
}

function run(ctx: RuleContext, command: Command): CommandError | null | ApplyDetail {
  const { world, log } = ctx;
  const o = world.options;
  switch (command.kind) {
    case 'seed':
      world.rng = createRng(command.seed);
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
        }) ?? { kind: 'consumer', name, group }
      );
    }
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
    case 'configureFaults':
      if (command.requestLossRate !== undefined) world.faults.requestLossRate = command.requestLossRate;
      if (command.responseLossRate !== undefined) world.faults.responseLossRate = command.responseLossRate;
      if (command.jitterTicks !== undefined) world.faults.jitterTicks = command.jitterTicks;
      log.emit('faults.configured', address.admin, address.admin, { ...world.faults });
      return null;
  }
}

/** Applies `command` to `world` at its current tick (in place); refused commands change nothing. */
export function applyCommand(world: World, command: Command): ApplyResult {
  const invalid = validate(command);
  if (invalid) return { ok: false, error: invalid };
  // Rules check before they write, but a refusal deep in a compound command (a producer
  // whose auto-created topic is refused) may follow a counter bump: restoring a copy makes
  // "a refused command changes nothing" hold by construction rather than by care.
  const before = cloneWorld(world);
  const ctx: RuleContext = { world, log: new EventLog(world) };
  const outcome = run(ctx, command);
  if (outcome && 'code' in outcome) {
    Object.assign(world, before);
    return { ok: false, error: outcome };
  }
  return outcome ? { ok: true, events: ctx.log.events, detail: outcome } : { ok: true, events: ctx.log.events };
}
