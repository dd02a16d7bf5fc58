/**
 * The worlds the bench drives, built only through public commands on a Timeline (as the
 * product does), so checkpoints and command recording are part of every figure.
 */
import { Timeline, type Command } from '../../engine/index.ts';
import { createBenchRng } from './prng.ts';

export interface PipelineSpec {
  /** Records the producer emits and the group must process, each once. */
  readonly records: number;
  readonly partitions: number;
  /** Consumers in the one group (processTicks 0, commit mode auto). */
  readonly consumers: number;
  /** Records per producer batch, one batch every `everyTicks`. */
  readonly batch: number;
  readonly everyTicks: number;
  /** Replication factor, on a cluster of as many brokers (1: the default one-broker world). */
  readonly replicas?: number;
  /**
   * The consumers are exactly-once processors (`sim processor --exactly-once`): each reads
   * read_committed and writes one record to `invoices` per record, one transaction per poll.
   */
  readonly exactlyOnce?: boolean;
}

/** The end-to-end throughput workload: 1,000,000 records, 8 partitions, 4 consumers. */
export const MILLION_RECORDS: PipelineSpec = { records: 1_000_000, partitions: 8, consumers: 4, batch: 1_000, everyTicks: 1 };
/** The same, replicated: RF 3 on 3 brokers (followers fetch every batch, acks=all waits for them). */
export const REPLICATED_MILLION_RECORDS: PipelineSpec = { ...MILLION_RECORDS, replicas: 3 };
/**
 * The same through exactly-once processors: every record read read_committed and written again in
 * a transaction. Half a million orders, since each becomes an invoice as well and the records held
 * in all logs are limited to 2,000,000 (limits.ts): a million of each would hit the limit.
 */
export const TRANSACTIONAL_PIPELINE: PipelineSpec = { ...MILLION_RECORDS, records: 500_000, exactlyOnce: true };

export const PIPELINE_TOPIC = 'orders';
export const PIPELINE_GROUP = 'billing';

export interface PipelineRun {
  readonly timeline: Timeline;
  /** Wall-clock milliseconds from the first command to the tick the last record was processed. */
  readonly elapsedMs: number;
  /** Ticks simulated. */
  readonly ticks: number;
  /** `record.processed` events seen (each record once when nothing failed). */
  readonly processed: number;
  /** Events of every kind the run produced. */
  readonly events: number;
}

/** The commands that set the pipeline up, in order. */
export function pipelineCommands(spec: PipelineSpec): Command[] {
  const replicas = spec.replicas ?? 1;
  const commands: Command[] = [
    ...(replicas > 1 ? [{ kind: 'configureCluster', brokers: replicas } as const] : []),
    { kind: 'createTopic', topic: PIPELINE_TOPIC, partitions: spec.partitions, replicationFactor: replicas },
    ...(spec.exactlyOnce ? [{ kind: 'createTopic', topic: 'invoices', partitions: spec.partitions, replicationFactor: replicas } as const] : []),
    // Consumers first, from `earliest`, so none of the records is skipped while they join.
    ...Array.from({ length: spec.consumers }, (_, i): Command =>
      spec.exactlyOnce
        ? {
            kind: 'startProcessor',
            name: `worker-${i + 1}`,
            group: PIPELINE_GROUP,
            from: PIPELINE_TOPIC,
            to: 'invoices',
            exactlyOnce: true,
            processTicks: 0,
            maxPollRecords: 500,
          }
        : { kind: 'startConsumer', name: `worker-${i + 1}`, group: PIPELINE_GROUP, topics: [PIPELINE_TOPIC], processTicks: 0, offsetReset: 'earliest' },
    ),
    { kind: 'startProducer', name: 'checkout', topic: PIPELINE_TOPIC, batch: spec.batch, everyTicks: spec.everyTicks, count: spec.records },
  ];
  return commands;
}

/**
 * Runs the pipeline until every record was processed: the clock starts before the first
 * command and stops after the tick whose events include the last `record.processed`.
 */
export function runPipeline(spec: PipelineSpec, maxTicks = 1_000_000): PipelineRun {
  const start = performance.now();
  const timeline = new Timeline({ seed: 7 });
  let processed = 0;
  let events = 0;
  for (const command of pipelineCommands(spec)) {
    const result = timeline.apply(command);
    if (!result.ok) throw new Error(`bench setup refused ${command.kind}: ${result.error.message}`);
    events += result.events.length;
  }
  // Exactly-once processors may process a record again after an aborted transaction (a rebalance
  // refuses a transaction's offsets while they join): their run ends when every record's offset
  // is committed, each transaction with its invoices.
  const done = spec.exactlyOnce ? () => committedTotal(timeline) >= spec.records : () => processed >= spec.records;
  while (!done()) {
    if (timeline.tick >= maxTicks) throw new Error(`pipeline stalled: ${processed} of ${spec.records} processed after ${maxTicks} ticks`);
    const stepEvents = timeline.step();
    events += stepEvents.length;
    for (let i = 0; i < stepEvents.length; i++) if ((stepEvents[i] as { kind: string }).kind === 'record.processed') processed++;
  }
  const elapsedMs = performance.now() - start;
  return { timeline, elapsedMs, ticks: timeline.tick, processed, events };
}

/** The offsets the pipeline's group has committed, summed over its partitions: records it has finished. */
function committedTotal(timeline: Timeline): number {
  let n = 0;
  for (const c of timeline.world.groups.get(PIPELINE_GROUP)?.offsets.values() ?? []) n += c.offset;
  return n;
}

export interface BusySpec {
  readonly ticks: number;
  readonly partitions: number;
  /** Records per batch and ticks between batches of the one producer application. */
  readonly batch: number;
  readonly everyTicks: number;
  /** Consumers per group, one entry per group (processTicks 1 each). */
  readonly groups: readonly number[];
  /** Mean ticks between crashes of a random consumer; each restarts `restartAfterTicks` later. */
  readonly crashEveryTicks: number;
  readonly restartAfterTicks: number;
  readonly seed: number;
  /** Replication factor, on a cluster of as many brokers (1 when absent). */
  readonly replicas?: number;
}

/** A realistic busy history: one producer, two groups with processTicks 1, a crash and restart now and then. */
export const BUSY_HISTORY: BusySpec = {
  ticks: 100_000,
  partitions: 6,
  batch: 3,
  everyTicks: 2,
  groups: [3, 2],
  crashEveryTicks: 2_000,
  restartAfterTicks: 60,
  seed: 42,
};

/** Builds a `spec.ticks`-tick history at the head of a fresh timeline; crashes are drawn from the bench's PRNG. */
export function buildBusyHistory(spec: BusySpec): { timeline: Timeline; commands: number; crashes: number; events: number } {
  const rng = createBenchRng(spec.seed);
  const timeline = new Timeline({ seed: spec.seed });
  let events = 0;
  const apply = (command: Command) => {
    const result = timeline.apply(command);
    if (!result.ok) throw new Error(`bench history refused ${command.kind}: ${result.error.message}`);
    events += result.events.length;
  };
  const replicas = spec.replicas ?? 1;
  if (replicas > 1) apply({ kind: 'configureCluster', brokers: replicas });
  apply({ kind: 'createTopic', topic: 'clicks', partitions: spec.partitions, replicationFactor: replicas });
  const consumers: string[] = [];
  spec.groups.forEach((size, g) => {
    for (let i = 0; i < size; i++) {
      const name = `g${g + 1}-c${i + 1}`;
      consumers.push(name);
      apply({ kind: 'startConsumer', name, group: `group-${g + 1}`, topics: ['clicks'], processTicks: 1, offsetReset: 'earliest' });
    }
  });
  apply({
    kind: 'startProducer',
    name: 'tracker',
    topic: 'clicks',
    batch: spec.batch,
    everyTicks: spec.everyTicks,
    keys: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'],
  });
  const restarts = new Map<number, string>();
  let crashes = 0;
  let nextCrash = 1 + rng.int(2 * spec.crashEveryTicks);
  while (timeline.tick < spec.ticks) {
    events += timeline.step().length;
    const now = timeline.tick;
    const due = restarts.get(now);
    if (due) {
      restarts.delete(now);
      apply({ kind: 'restartConsumer', name: due });
    }
    if (now >= nextCrash) {
      nextCrash = now + 1 + rng.int(2 * spec.crashEveryTicks);
      const victim = consumers[rng.int(consumers.length)] as string;
      if (timeline.world.consumers.get(victim)?.status === 'running' && ![...restarts.values()].includes(victim)) {
        apply({ kind: 'crashConsumer', name: victim });
        restarts.set(now + spec.restartAfterTicks, victim);
        crashes++;
      }
    }
  }
  return { timeline, commands: timeline.entries.length, crashes, events };
}
