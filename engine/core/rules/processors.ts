/**
 * `sim processor start`: a consume-transform-produce application. It is a consumer of the input
 * topic and a producer to the output topic under one name; `sim crash` and `sim restart` act on
 * both, as on one process. The loop itself is in processor-loop.ts.
 *
 * With `--exactly-once` it runs as Kafka's exactly-once applications do: a transactional
 * producer whose transactional.id is the processor's name, a read_committed consumer, and the
 * batch's input offsets committed inside the transaction. Without it, an idempotent producer and
 * a read_uncommitted consumer that commits after flushing (at-least-once).
 */
import type { CommandError } from '../commands.ts';
import type { World } from '../types.ts';
import { refuse, type RuleContext } from './context.ts';
import { startConsumer } from './consumers.ts';
import { startProducer } from './producers.ts';
import { isInternalTopic, validateTopicName } from './topics.ts';
import { newTransactionalClient } from './transactional-producer.ts';

export interface ProcessorSpec {
  readonly name: string;
  readonly group: string;
  readonly from: string;
  readonly to: string;
  readonly exactlyOnce: boolean;
  readonly processTicks: number;
  readonly maxPollRecords: number;
  readonly transform: string;
}

/** Why `spec` cannot start, or null. Checked before anything is created, so a refusal changes nothing. */
function refusal(world: World, spec: ProcessorSpec): CommandError | null {
  for (const topic of [spec.from, spec.to]) {
    const invalid = validateTopicName(topic);
    if (invalid) return invalid;
  }
  if (isInternalTopic(spec.to)) return refuse('InvalidTopicException', `Cannot append to internal topic ${spec.to}`);
  if (spec.from === spec.to) return refuse('InvalidCommand', `a processor reads ${spec.from} and writes another topic: --from and --to must differ`);
  if (world.consumers.has(spec.name)) return refuse('ConsumerExists', `a consumer named ${spec.name} already exists; use sim restart ${spec.name}`);
  if (world.producers.has(spec.name)) return refuse('ProducerExists', `a producer named ${spec.name} already exists`);
  return null;
}

export function startProcessor(ctx: RuleContext, spec: ProcessorSpec): CommandError | null {
  const { world } = ctx;
  const problem = refusal(world, spec);
  if (problem) return problem;
  const producerProblem = startProducer(ctx, {
    name: spec.name,
    clientId: spec.name,
    topic: spec.to,
    acks: 'all',
    idempotent: true,
    retries: world.options.retries,
    // It sends only what the loop hands it (processor-loop.ts): a batch of 0 emits nothing on its own.
    everyTicks: 1,
    count: null,
    batch: 0,
    keys: [],
    valueTemplate: '',
    queued: null,
    transactional: spec.exactlyOnce ? newTransactionalClient(spec.name, world.options.transactionTimeoutTicks) : null,
  });
  if (producerProblem) return producerProblem;
  return startConsumer(ctx, {
    name: spec.name,
    clientId: spec.name,
    group: spec.group,
    topics: [spec.from],
    // Exactly-once commits offsets only inside its transactions; at-least-once commits after each flushed batch.
    commitMode: spec.exactlyOnce ? 'none' : 'after',
    autoCommitIntervalTicks: world.options.autoCommitIntervalTicks,
    processTicks: spec.processTicks,
    maxPollRecords: spec.maxPollRecords,
    offsetReset: 'earliest',
    assignor: 'range',
    console: null,
    isolation: spec.exactlyOnce ? 'read_committed' : 'read_uncommitted',
    processor: { output: spec.to, transform: spec.transform, exactlyOnce: spec.exactlyOnce },
  });
}
