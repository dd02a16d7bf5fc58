/**
 * The client side of a transactional producer (Kafka's TransactionManager), as a
 * consume-transform-produce loop drives it:
 *
 *   initTransactions()   InitProducerId: the transactional.id's producer id and a new epoch
 *   beginTransaction()   local only
 *   send(…)              each partition joins the transaction with its first record (version 2)
 *   sendOffsetsToTransaction(offsets, groupMetadata)
 *   commitTransaction()  flush every send, then EndTxn(commit); abortTransaction() likewise
 *
 * A send that fails (INVALID_PRODUCER_EPOCH included: the coordinator aborted the transaction on
 * a timeout) or offsets the group refuses make the transaction abortable: it can only abort.
 * PRODUCER_FENCED from the coordinator means a newer instance with the same transactional.id
 * took over: the producer is fenced for good (ProducerFencedException is fatal) and sends nothing
 * more. Every EndTxn answer carries the producer's next epoch (transaction version 2).
 * Reference: docs/reference/kafka-4-transactions.md §3.3-3.5.
 */
import { address } from '../events.ts';
import type { ProducerApp, TransactionalClient, TxnOffsets, TxnRequest, World } from '../types.ts';
import { hopTicks } from '../world.ts';
import { transactionCoordinatorOf } from './transaction-coordinator.ts';
import type { RuleContext } from './context.ts';

/** Errors after which the client asks again (the coordinator moved, or is still ending the previous transaction). */
const RETRIABLE: ReadonlySet<string> = new Set(['COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'CONCURRENT_TRANSACTIONS']);
/** Coordinator answers that fence the producer: another instance holds its transactional.id now (fatal). */
const FENCING_ERRORS: ReadonlySet<string> = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'INVALID_TXN_STATE']);

/** A fresh client for `transactionalId`: it sends InitProducerId at once. */
export function newTransactionalClient(id: string, timeoutTicks: number): TransactionalClient {
  return { id, timeoutTicks, state: 'initializing', abortable: false, started: false, offsets: null, inFlight: -1, retryTick: -1, outcome: null };
}

function send(ctx: RuleContext, producer: ProducerApp, op: TxnRequest['op'], commit = false, offsets: TxnOffsets | null = null): void {
  const { world } = ctx;
  const client = producer.transactional as TransactionalClient;
  const requestId = world.counters.requestId++;
  client.inFlight = requestId;
  client.retryTick = world.tick + world.options.requestTimeoutTicks;
  world.network.push({
    kind: 'txn-request',
    arriveTick: world.tick + hopTicks(world),
    // FindCoordinator's answer: the leader of the id's __transaction_state partition.
    broker: transactionCoordinatorOf(world, client.id),
    producer: producer.name,
    requestId,
    transactionalId: client.id,
    op,
    producerId: producer.producerId,
    producerEpoch: producer.producerEpoch,
    timeoutTicks: client.timeoutTicks,
    commit,
    offsets,
  });
}

/** initTransactions(): asks the coordinator for the transactional.id's producer id and epoch. */
export function initTransactions(ctx: RuleContext, producer: ProducerApp): void {
  const client = producer.transactional as TransactionalClient;
  client.state = 'initializing';
  client.abortable = false;
  client.started = false;
  client.offsets = null;
  send(ctx, producer, 'init');
}

/** beginTransaction(): local to the client; the coordinator hears of it with the first record or offsets. */
export function beginTransaction(producer: ProducerApp): void {
  const client = producer.transactional as TransactionalClient;
  if (client.state !== 'ready') return;
  client.state = 'in-transaction';
  client.abortable = false;
  client.started = false;
}

/** commitTransaction() (with the batch's offsets: sendOffsetsToTransaction first), or abortTransaction() when it is abortable. */
export function endTransaction(ctx: RuleContext, producer: ProducerApp, offsets: TxnOffsets | null): void {
  const client = producer.transactional as TransactionalClient;
  if (client.state !== 'in-transaction') return;
  client.state = client.abortable ? 'aborting' : 'committing';
  client.offsets = client.abortable || !offsets || offsets.offsets.length === 0 ? null : offsets;
  driveEnd(ctx, producer);
}

/**
 * Ending a transaction goes step by step, each step once the one before is done: offsets first
 * (if any), then every record acknowledged (flush), then EndTxn. An empty transaction ends
 * locally, as the client skips EndTxn when nothing was added.
 */
function driveEnd(ctx: RuleContext, producer: ProducerApp): void {
  const client = producer.transactional as TransactionalClient;
  if (client.inFlight !== -1) return;
  if (client.state === 'committing' && client.abortable) {
    client.state = 'aborting';
    client.offsets = null;
  }
  if (client.state === 'committing' && client.offsets) {
    send(ctx, producer, 'offsets', false, client.offsets);
    return;
  }
  if (producer.pending.size > 0) return; // flush: EndTxn only after every send is answered
  if (!client.started) {
    finish(ctx, producer, client.state === 'committing');
    return;
  }
  send(ctx, producer, 'end', client.state === 'committing' && !client.abortable);
}

function finish(ctx: RuleContext, producer: ProducerApp, committed: boolean): void {
  const client = producer.transactional as TransactionalClient;
  client.state = 'ready';
  client.started = false;
  client.abortable = false;
  client.offsets = null;
  ctx.log.emit('transaction.ended', address.producer(producer.name), address.producer(producer.name), {
    producer: producer.name,
    transactionalId: client.id,
    result: committed ? 'COMMIT' : 'ABORT',
  });
  client.outcome = committed ? 'committed' : 'aborted';
}

/** The producer is fenced: nothing more goes out, and what it held is dropped (ProducerFencedException). */
export function fence(ctx: RuleContext, producer: ProducerApp, error: string): void {
  const client = producer.transactional as TransactionalClient;
  if (client.state === 'fenced') return;
  client.state = 'fenced';
  client.inFlight = -1;
  producer.failed += [...producer.pending.values()].reduce((n, r) => n + r.records.length, 0);
  producer.pending.clear();
  producer.outbox = [];
  ctx.log.emit('producer.fenced', address.producer(producer.name), address.producer(producer.name), {
    producer: producer.name,
    transactionalId: client.id,
    producerId: producer.producerId,
    producerEpoch: producer.producerEpoch,
    error,
  });
}

/** A record was added to the transaction (sent); `failed`: one of its sends was given up, so it can only abort. */
export function noteSend(producer: ProducerApp): void {
  if (producer.transactional) producer.transactional.started = true;
}

export function noteFailedSend(producer: ProducerApp): void {
  if (producer.transactional && producer.transactional.state !== 'ready') producer.transactional.abortable = true;
}

/** The coordinator answered. */
export function handleTxnResponse(ctx: RuleContext, res: Extract<World['network'][number], { kind: 'txn-response' }>): void {
  const producer = ctx.world.producers.get(res.producer);
  const client = producer?.transactional;
  if (!producer || !client || client.inFlight !== res.requestId || producer.status === 'crashed') return;
  client.inFlight = -1;
  if (res.error !== null && RETRIABLE.has(res.error)) {
    // Retried after the backoff (retry.backoff.ms; one tick here), from runTransactionalClients.
    client.retryTick = ctx.world.tick + 1;
    client.inFlight = -2;
    return;
  }
  if (res.error !== null && FENCING_ERRORS.has(res.error)) {
    fence(ctx, producer, res.error);
    return;
  }
  if (res.op === 'init') {
    if (res.error !== null) return;
    producer.producerId = res.producerId;
    producer.producerEpoch = res.producerEpoch;
    producer.nextSequence.clear();
    client.state = 'ready';
    return;
  }
  if (res.op === 'offsets') {
    client.offsets = null;
    if (res.error !== null) client.abortable = true;
    else client.started = true;
    if (client.abortable) client.state = 'aborting';
    driveEnd(ctx, producer);
    return;
  }
  // EndTxn answered: the transaction's outcome is decided (the markers follow), under the next epoch.
  if (res.error === null) {
    producer.producerEpoch = res.producerEpoch;
    producer.nextSequence.clear();
  }
  finish(ctx, producer, client.state === 'committing' && res.error === null);
}

/** Each tick: resend unanswered coordinator requests, retry after retriable errors, and move ending transactions on. */
export function runTransactionalClient(ctx: RuleContext, producer: ProducerApp): void {
  const client = producer.transactional;
  if (!client || producer.status === 'crashed' || client.state === 'fenced') return;
  const { world } = ctx;
  if (client.inFlight !== -1 && world.tick >= client.retryTick) {
    const op = client.state === 'initializing' ? 'init' : client.offsets && client.state === 'committing' ? 'offsets' : 'end';
    client.inFlight = -1;
    if (op === 'init') send(ctx, producer, 'init');
    else if (op === 'offsets') send(ctx, producer, 'offsets', false, client.offsets);
    else send(ctx, producer, 'end', client.state === 'committing' && !client.abortable);
    return;
  }
  if (client.state === 'committing' || client.state === 'aborting') driveEnd(ctx, producer);
}
