/**
 * Producers: applications that emit records over time and the one-shot console producer.
 * Records go to partitions by Kafka's default partitioner, travel to the broker as one
 * request per partition, and are retried when unanswered (request.timeout.ms).
 */
import type { CommandError } from '../commands.ts';
import { address } from '../events.ts';
import { partitionForKey } from '../partitioner.ts';
import { chance, nextInt } from '../random.ts';
import type { ProducedRecord } from '../record-store.ts';
import { checkRecordSize, DEFAULT_MAX_REQUEST_SIZE, serializedSizeUpperBound } from '../record-size.ts';
import type { Acks, PendingProduce, ProducerApp, World } from '../types.ts';
import { findPartition, hopTicks, partitionKey } from '../world.ts';
import { ledgerAcked, ledgerSent, ProducerLedgerColumns } from '../producer-ledger.ts';
import { refuse, type RuleContext } from './context.ts';
import { createTopic, isInternalTopic, validateTopicName } from './topics.ts';
import { initTransactions, noteFailedSend, noteSend, runTransactionalClient } from './transactional-producer.ts';

export interface ProducerSpec {
  readonly name: string;
  readonly clientId: string;
  readonly topic: string;
  readonly acks: Acks;
  readonly idempotent: boolean;
  readonly retries: number;
  readonly everyTicks: number;
  readonly count: number | null;
  readonly batch: number;
  readonly keys: readonly string[];
  readonly valueTemplate: string;
  readonly queued: ProducerApp['queued'];
  readonly transactional: ProducerApp['transactional'];
}

/**
 * Kafka's brokers create a missing topic on first produce (auto.create.topics.enable=true,
 * num.partitions=1); the simulator does the same so a typo'd topic shows up in --list.
 */
function ensureTopic(ctx: RuleContext, topic: string): CommandError | null {
  if (ctx.world.topics.has(topic)) return null;
  return createTopic(ctx, { topic, partitions: 1 });
}

/**
 * Name checks every producer meets: Kafka's topic name rules (the broker answers a metadata
 * request for a bad name with INVALID_TOPIC_EXCEPTION), and no appends to internal topics
 * (ReplicaManager.appendToLocalLog refuses clients other than the broker's own).
 */
function checkProducerTopic(topic: string): CommandError | null {
  const invalid = validateTopicName(topic);
  if (invalid) return invalid;
  if (isInternalTopic(topic)) return refuse('InvalidTopicException', `Cannot append to internal topic ${topic}`);
  return null;
}

/**
 * An application producer's first record must fit max.request.size (at its default): Kafka
 * would refuse every send of a template that large. Later records differ only by the digits of
 * `{n}` and by key, so they are not checked one by one.
 */
function checkFirstRecordSize(spec: ProducerSpec): CommandError | null {
  if (spec.queued) return null;
  const value = spec.valueTemplate.split('{n}').join('1');
  return checkRecordSize(serializedSizeUpperBound(spec.keys[0] ?? null, value, []), DEFAULT_MAX_REQUEST_SIZE);
}

/** Registers a producer; application producers emit from the next tick, console ones send at once. */
export function startProducer(ctx: RuleContext, spec: ProducerSpec): CommandError | null {
  const { world, log } = ctx;
  const existing = world.producers.get(spec.name);
  if (existing && existing.status === 'running') return refuse('ProducerExists', `producer ${spec.name} is already running`);
  const problem = checkProducerTopic(spec.topic) ?? checkFirstRecordSize(spec) ?? ensureTopic(ctx, spec.topic);
  if (problem) return problem;
  const producer: ProducerApp = {
    ...spec,
    // A transactional producer has no id until InitProducerId gives it its transactional.id's.
    producerId: spec.transactional ? -1 : world.counters.producerId++,
    producerEpoch: 0,
    status: 'running',
    emitted: 0,
    nextEmitTick: world.tick + 1,
    acked: 0,
    failed: 0,
    stickyPartition: -1,
    stickyBytes: 0,
    nextSequence: new Map(),
    pending: new Map(),
    leaders: new Map(),
    ledger: new ProducerLedgerColumns(),
    ledgerLength: 0,
    outbox: [],
  };
  world.producers.set(spec.name, producer);
  log.emit('producer.started', address.producer(spec.name), address.topic(spec.topic), { producer: spec.name, topic: spec.topic });
  if (producer.transactional) initTransactions(ctx, producer);
  if (producer.queued) {
    const records = producer.queued.map((r) => ({ ...r, createdTick: world.tick }));
    producer.emitted = records.length;
    sendRecords(ctx, producer, records);
    finishIfDone(ctx, producer);
  }
  return null;
}

/** A processor's producer: it sends only what its processor hands it (a batch of 0 emits nothing on its own), so it never finishes by itself. */
export function isDrivenProducer(producer: ProducerApp): boolean {
  return producer.queued === null && producer.batch === 0;
}

/** Stops an application producer; requests already sent still complete. */
export function stopProducer(ctx: RuleContext, name: string): CommandError | null {
  const producer = ctx.world.producers.get(name);
  if (!producer || producer.status !== 'running') return refuse('UnknownProducer', `no running producer named ${name}`);
  producer.status = 'stopped';
  ctx.log.emit('producer.stopped', address.producer(name), address.producer(name), { producer: name, acked: producer.acked, failed: producer.failed });
  return null;
}

/**
 * The producer process dies (a processor crashed): what it held is gone, though requests already
 * on the wire still arrive. A transaction it left open stays open at the coordinator until it
 * times out or a new instance with the same transactional.id initializes.
 */
export function crashProducer(ctx: RuleContext, name: string): void {
  const producer = ctx.world.producers.get(name);
  if (!producer || producer.status === 'crashed') return;
  producer.status = 'crashed';
  producer.pending.clear();
  producer.outbox = [];
  producer.leaders.clear();
  if (producer.transactional) producer.transactional.inFlight = -1;
}

/**
 * A new instance of a crashed or stopped producer: a new producer id (an idempotent producer's
 * sequence numbers belong to one process), or, for a transactional producer, InitProducerId
 * for the same transactional.id, which fences the instance before it.
 */
export function restartProducer(ctx: RuleContext, name: string): void {
  const producer = ctx.world.producers.get(name);
  if (!producer || producer.status === 'running') return;
  producer.status = 'running';
  producer.pending.clear();
  producer.outbox = [];
  producer.leaders.clear();
  producer.nextSequence.clear();
  producer.producerEpoch = 0;
  producer.nextEmitTick = ctx.world.tick + 1;
  if (producer.transactional) {
    initTransactions(ctx, producer);
  } else {
    producer.producerId = ctx.world.counters.producerId++;
  }
}

/** Kafka's partitioner: murmur2 for keys; keyless records stick to one partition per batch.size bytes. */
function choosePartition(world: World, producer: ProducerApp, record: ProducedRecord, partitions: number): number {
  if (record.key !== null) return partitionForKey(record.key, partitions);
  if (producer.stickyPartition < 0 || producer.stickyPartition >= partitions || producer.stickyBytes >= world.options.batchSizeBytes) {
    // Kafka's uniform sticky partitioner moves to another partition once a batch is full.
    const previous = producer.stickyPartition;
    let next = nextInt(world.rng, partitions);
    if (partitions > 1 && next === previous) next = (next + 1 + nextInt(world.rng, partitions - 1)) % partitions;
    producer.stickyPartition = next;
    producer.stickyBytes = 0;
  }
  producer.stickyBytes += (record.value?.length ?? 0) + 14;
  return producer.stickyPartition;
}

/** Groups records by partition and sends one request per partition, in partition order. */
export function sendRecords(ctx: RuleContext, producer: ProducerApp, records: readonly ProducedRecord[]): void {
  const topic = ctx.world.topics.get(producer.topic);
  if (!topic) {
    producer.failed += records.length;
    return;
  }
  const byPartition = new Map<number, ProducedRecord[]>();
  for (const record of records) {
    const p = choosePartition(ctx.world, producer, record, topic.partitions.length);
    const list = byPartition.get(p);
    if (list) list.push(record);
    else byPartition.set(p, [record]);
  }
  for (const p of [...byPartition.keys()].sort((a, b) => a - b)) {
    const batch = byPartition.get(p) as ProducedRecord[];
    const key = partitionKey(producer.topic, p);
    const firstSequence = producer.nextSequence.get(key) ?? 0;
    producer.nextSequence.set(key, firstSequence + batch.length);
    const request: PendingProduce = {
      requestId: ctx.world.counters.requestId++,
      topic: producer.topic,
      partition: p,
      records: batch,
      producerEpoch: producer.producerEpoch,
      firstSequence,
      attempt: 1,
      broker: -1,
      onWire: false,
      timeoutTick: -1,
      backoff: false,
      waiting: false,
    };
    ledgerSent(producer, request.requestId, ctx.world.tick, batch.length, key, topic.id);
    noteSend(producer);
    // After an epoch bump, a new batch waits until the batches sent in the old epoch to this
    // partition are answered: sequence numbers order batches only within one epoch.
    if (producer.producerEpoch > 0 && isBehindOlderEpoch(producer, request)) request.waiting = true;
    else transmit(ctx, producer, request);
    // acks=0: the producer never hears back, so a request is done once it is on the wire.
    if (producer.acks === 0) producer.acked += batch.length;
    else producer.pending.set(request.requestId, request);
  }
}

/**
 * The broker a batch goes to: the partition's leader as the producer's metadata has it, asked of
 * the cluster when it has none (after an error made it forget). -1: the partition has no leader,
 * and the batch waits in the producer until its request timeout, then tries again.
 */
function leaderFor(world: World, producer: ProducerApp, request: PendingProduce): number {
  const key = partitionKey(request.topic, request.partition);
  const known = producer.leaders.get(key);
  if (known !== undefined) return known;
  const leader = findPartition(world, request.topic, request.partition)?.leader ?? -1;
  if (leader >= 0) producer.leaders.set(key, leader);
  return leader;
}

/** Puts one produce request on the wire to the partition's leader, or loses it when fault injection says so. */
function transmit(ctx: RuleContext, producer: ProducerApp, request: PendingProduce): void {
  const { world, log } = ctx;
  request.timeoutTick = world.tick + world.options.requestTimeoutTicks;
  const broker = leaderFor(world, producer, request);
  request.broker = broker;
  if (broker >= 0) request.onWire = true;
  log.emit('records.sent', address.producer(producer.name), address.partition(request.topic, request.partition), {
    requestId: request.requestId,
    topic: request.topic,
    partition: request.partition,
    attempt: request.attempt,
    records: request.records,
  });
  if (broker < 0) return;
  if (chance(world.rng, world.faults.requestLossRate)) {
    log.emit('request.lost', address.producer(producer.name), address.partition(request.topic, request.partition), {
      requestId: request.requestId,
      topic: request.topic,
      partition: request.partition,
    });
    return;
  }
  world.network.push({
    kind: 'produce',
    arriveTick: world.tick + hopTicks(world),
    broker,
    producer: producer.name,
    producerId: producer.producerId,
    producerEpoch: request.producerEpoch,
    idempotent: producer.idempotent,
    transactionalId: producer.transactional && producer.transactional.state !== 'ready' ? producer.transactional.id : null,
    acks: producer.acks,
    requestId: request.requestId,
    topic: request.topic,
    partition: request.partition,
    records: request.records,
    firstSequence: request.firstSequence,
  });
}

/** The broker answered a produce request. */
export function handleProduceResponse(ctx: RuleContext, producerName: string, requestId: number, baseOffset: number, error: string | null): void {
  const producer = ctx.world.producers.get(producerName);
  const request = producer?.pending.get(requestId);
  if (!producer || !request) return; // a late answer to a request already retried and answered
  if (producer.transactional && error !== null) {
    // The partition has seen a newer epoch of this producer (the coordinator aborted the
    // transaction on a timeout, or a newer instance wrote): the batch fails at once and the
    // transaction can only abort (InvalidProducerEpochException is abortable).
    if (error === 'INVALID_PRODUCER_EPOCH') {
      failRequest(ctx, producer, request, error);
      return;
    }
    // The coordinator is away or still writing the previous transaction's markers: send again,
    // without counting an attempt (the client retries these until its delivery timeout).
    // Sent again after the backoff (the next tick), never in the same one: with no network delay
    // that would loop within the tick before the coordinator writes the markers it waits for.
    if (error === 'CONCURRENT_TRANSACTIONS' || error === 'COORDINATOR_NOT_AVAILABLE') {
      request.backoff = true;
      request.timeoutTick = ctx.world.tick + 1;
      return;
    }
  }
  if (error === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
    // It overtook an earlier batch still outstanding: like Kafka's producer, which resends in
    // sequence order, it waits in line and goes again once that one is answered (resendWaiting).
    if (hasEarlierPending(producer, request)) {
      request.waiting = true;
      return;
    }
    // Nothing earlier outstanding in an old epoch: a batch before it failed, and the gap never closes.
    if (request.producerEpoch !== producer.producerEpoch) {
      failRequest(ctx, producer, request, error);
      return;
    }
    // Otherwise the earlier batch was answered meanwhile (answers overtook each other): retry.
  }
  // The broker saw a newer epoch of this producer: a batch of an older one is never appended. A
  // batch renumbered into the current epoch since this copy was sent goes on as renumbered.
  if (error === 'INVALID_PRODUCER_EPOCH' && request.producerEpoch === producer.producerEpoch) return;
  if (error === 'INVALID_PRODUCER_EPOCH') {
    failRequest(ctx, producer, request, error);
    return;
  }
  if (error !== null) {
    retryOrFail(ctx, producer, request, error);
    return;
  }
  producer.pending.delete(requestId);
  producer.acked += request.records.length;
  ledgerAcked(producer, requestId, ctx.world.tick);
  ctx.log.emit('produce.acked', address.partition(request.topic, request.partition), address.producer(producerName), {
    requestId,
    topic: request.topic,
    partition: request.partition,
    baseOffset,
    count: request.records.length,
  });
  if (producer.idempotent) resendWaiting(ctx, producer, request);
  finishIfDone(ctx, producer);
}

/**
 * Whether a batch created before `request` for its partition is still unanswered. Batches to one
 * partition queue in request-id order: the order they were created, and within one epoch their
 * sequence order.
 */
function hasEarlierPending(producer: ProducerApp, request: PendingProduce): boolean {
  for (const other of producer.pending.values()) {
    if (other.topic === request.topic && other.partition === request.partition && other.requestId < request.requestId) return true;
  }
  return false;
}

/** Whether a batch of an older epoch to `request`'s partition is still unanswered. */
function isBehindOlderEpoch(producer: ProducerApp, request: PendingProduce): boolean {
  for (const other of producer.pending.values()) {
    if (other.topic === request.topic && other.partition === request.partition && other.producerEpoch !== request.producerEpoch) return true;
  }
  return false;
}

/**
 * `resolved` was answered (or given up): if the next batch in line on its partition is waiting,
 * it goes now (again, or for the first time if it was held back). One at a time, so a batch lost
 * again does not send those behind it round the loop, using up their retries.
 */
function resendWaiting(ctx: RuleContext, producer: ProducerApp, resolved: PendingProduce): void {
  let next: PendingProduce | undefined;
  for (const r of producer.pending.values()) {
    if (r.topic !== resolved.topic || r.partition !== resolved.partition) continue;
    if (!next || r.requestId < next.requestId) next = r;
  }
  if (!next?.waiting) return;
  next.waiting = false;
  // Held back at creation (never sent yet): its first send. Else a retry.
  if (next.timeoutTick < 0) transmit(ctx, producer, next);
  else retryOrFail(ctx, producer, next, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
}

/** Errors after which the producer asks for fresh metadata: the broker it sent to may no longer lead the partition. */
const STALE_METADATA: ReadonlySet<string> = new Set(['NOT_LEADER_OR_FOLLOWER', 'REQUEST_TIMED_OUT']);

function retryOrFail(ctx: RuleContext, producer: ProducerApp, request: PendingProduce, error: string): void {
  if (STALE_METADATA.has(error)) producer.leaders.delete(partitionKey(request.topic, request.partition));
  // InvalidRecordException (a keyless record for a compacted topic) is not retriable: it fails at once.
  if (error !== 'INVALID_RECORD' && request.attempt <= producer.retries) {
    request.attempt++;
    ctx.log.emit('produce.retried', address.producer(producer.name), address.partition(request.topic, request.partition), {
      requestId: request.requestId,
      topic: request.topic,
      partition: request.partition,
      attempt: request.attempt,
      error,
      broker: request.broker,
    });
    transmit(ctx, producer, request);
    return;
  }
  failRequest(ctx, producer, request, error);
}

/**
 * Gives up on a request: its records count as failed. An idempotent producer may leave a gap in
 * its sequence that way, which the broker would refuse forever after: like Kafka (KIP-360), it
 * bumps the producer epoch and numbers afresh, from 0 per partition, both new batches and the
 * batches it still holds that never went out (held in line, or with no leader to go to). Batches
 * that went out keep their numbers, since a copy may have been appended: if the failed one was
 * appended after all (only its answers were lost), they fit.
 */
function failRequest(ctx: RuleContext, producer: ProducerApp, request: PendingProduce, error: string): void {
  producer.pending.delete(request.requestId);
  producer.failed += request.records.length;
  // A transactional producer never bumps its own epoch: the transaction aborts instead.
  noteFailedSend(producer);
  if (producer.idempotent && !producer.transactional && producer.producerEpoch === request.producerEpoch) {
    producer.producerEpoch++;
    producer.nextSequence.clear();
    renumberHeld(ctx, producer);
  }
  ctx.log.emit('produce.failed', address.producer(producer.name), address.partition(request.topic, request.partition), {
    requestId: request.requestId,
    topic: request.topic,
    partition: request.partition,
    count: request.records.length,
    error,
    broker: request.broker,
  });
  if (producer.idempotent) resendWaiting(ctx, producer, request);
  finishIfDone(ctx, producer);
}

/** After an epoch bump: held batches of older epochs take the new epoch and the next sequences of their partition, in the order they were created. */
function renumberHeld(ctx: RuleContext, producer: ProducerApp): void {
  const held = [...producer.pending.values()].filter((r) => r.producerEpoch !== producer.producerEpoch && !r.onWire).sort((a, b) => a.requestId - b.requestId);
  for (const r of held) {
    const key = partitionKey(r.topic, r.partition);
    const first = producer.nextSequence.get(key) ?? 0;
    producer.nextSequence.set(key, first + r.records.length);
    r.producerEpoch = producer.producerEpoch;
    r.firstSequence = first;
  }
  // The first batch of each partition that was only waiting goes now; the rest follow in line.
  const firsts = new Map<string, PendingProduce>();
  for (const r of [...producer.pending.values()].sort((a, b) => a.requestId - b.requestId)) {
    const key = partitionKey(r.topic, r.partition);
    if (!firsts.has(key)) firsts.set(key, r);
  }
  for (const r of firsts.values()) {
    if (!r.waiting || r.producerEpoch !== producer.producerEpoch) continue;
    r.waiting = false;
    if (r.timeoutTick < 0) transmit(ctx, producer, r);
    else retryOrFail(ctx, producer, r, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
  }
}

/** A running producer with nothing left to emit and nothing pending is done; a console producer is then forgotten. */
function finishIfDone(ctx: RuleContext, producer: ProducerApp): void {
  if (producer.status !== 'running' || producer.pending.size > 0) return;
  const finished = producer.queued !== null || (producer.count !== null && producer.emitted >= producer.count);
  if (!finished) return;
  producer.status = 'done';
  ctx.log.emit('producer.finished', address.producer(producer.name), address.producer(producer.name), {
    producer: producer.name,
    acked: producer.acked,
    failed: producer.failed,
  });
  // The event carries the outcome; keeping finished one-shot producers would only grow the world.
  if (producer.queued !== null) ctx.world.producers.delete(producer.name);
}

/**
 * `{n}` in a value template is the record number, from 1. `parts` is the template split at
 * `{n}`, done once per batch by the caller: splitting per record was a sixth of a
 * million-record run (bench/). Joining the parts still gives a flat string, the smallest to keep.
 */
function renderValue(template: string, parts: readonly string[], n: number): string {
  return parts.length > 1 ? parts.join(String(n)) : template;
}

/** Application records carry no headers; one shared empty list spares an array per record. */
const NO_HEADERS: ProducedRecord['headers'] = Object.freeze([]);

/** Each tick: retry requests unanswered for request.timeout.ms, then emit application records that are due. */
export function runProducers(ctx: RuleContext): void {
  const { world } = ctx;
  for (const producer of world.producers.values()) {
    if (producer.status === 'crashed') continue;
    if (producer.transactional) runTransactionalClient(ctx, producer);
    for (const request of [...producer.pending.values()]) {
      // A waiting request was answered (out of order); it goes again when the one before it is answered.
      if (request.waiting || request.timeoutTick > world.tick) continue;
      if (request.backoff) {
        request.backoff = false;
        transmit(ctx, producer, request);
      } else retryOrFail(ctx, producer, request, 'REQUEST_TIMED_OUT');
    }
    if (producer.status !== 'running' || producer.queued !== null || world.tick < producer.nextEmitTick) continue;
    const remaining = producer.count === null ? producer.batch : Math.min(producer.batch, producer.count - producer.emitted);
    const records: ProducedRecord[] = [];
    const parts = remaining > 0 ? producer.valueTemplate.split('{n}') : [];
    for (let i = 0; i < remaining; i++) {
      const n = ++producer.emitted;
      const key = producer.keys.length > 0 ? (producer.keys[(n - 1) % producer.keys.length] as string) : null;
      records.push({ key, value: renderValue(producer.valueTemplate, parts, n), headers: NO_HEADERS, createdTick: world.tick });
    }
    producer.nextEmitTick = world.tick + producer.everyTicks;
    if (records.length > 0) sendRecords(ctx, producer, records);
    finishIfDone(ctx, producer);
  }
}
