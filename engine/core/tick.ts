/**
 * The step clock. `tick` advances the world by one tick, running the rules in a fixed,
 * documented order so the same world always takes the same step:
 *
 *   0. the controller's timers: it fences brokers whose heartbeats stopped (electing new leaders),
 *      expires lagging followers from the ISR, moves leadership back to preferred replicas and
 *      tries unclean elections where allowed, and groups follow their coordinator;
 *   1. messages due on the wire are delivered, in send order (produce, fetch, commit, a
 *      follower's fetch from its leader, and their answers), until none is due (a zero-delay
 *      answer is delivered the same tick);
 *   2. transaction coordinators write the markers they owe where leaders serve, and abort
 *      transactions open past their timeout;
 *   3. the broker answers held fetches that now have data or ran out of wait, and idle followers
 *      (of a new leader, or on a restarted broker) start fetching;
 *   4. producers retry unanswered requests and emit the records that are due;
 *   5. consumers heartbeat and run their poll loops;
 *   6. the coordinator expels members whose session timed out, then completes rebalances;
 *   7. retention deletes expired segments;
 *   8. each broker's log cleaner, every `logCleanerBackoffTicks`, compacts the filthiest log it leads.
 */
import { EventLog, type WorldEvent } from './events.ts';
import { answerParkedFetches, handleFetch, handleProduce } from './rules/broker.ts';
import { handleCommitRequest } from './rules/commits.ts';
import { handleCommitResponse, handleFetchResponse, runConsumers } from './rules/consumers.ts';
import type { RuleContext } from './rules/context.ts';
import { completeRebalances, expireSessions } from './rules/groups.ts';
import { handleProduceResponse, runProducers } from './rules/producers.ts';
import { enforceRetention } from './rules/retention.ts';
import { runLogCleaner } from './rules/log-cleaner.ts';
import { handleReplicaFetch, handleReplicaFetchResponse, resumeIdleFollowers } from './rules/replication.ts';
import { runController } from './rules/controller.ts';
import type { NetworkMessage, World } from './types.ts';
import { handleTxnRequest, runTransactionCoordinators } from './rules/transaction-coordinator.ts';
import { handleTxnResponse } from './rules/transactional-producer.ts';

function deliver(ctx: RuleContext, message: NetworkMessage): void {
  switch (message.kind) {
    case 'produce':
      return handleProduce(ctx, message);
    case 'produce-response':
      return handleProduceResponse(ctx, message.producer, message.requestId, message.baseOffset, message.error);
    case 'fetch':
      return handleFetch(ctx, message);
    case 'fetch-response':
      return handleFetchResponse(ctx, message);
    case 'replica-fetch':
      return handleReplicaFetch(ctx, message);
    case 'replica-fetch-response':
      return handleReplicaFetchResponse(ctx, message);
    case 'commit':
      return handleCommitRequest(ctx, message);
    case 'commit-response':
      return handleCommitResponse(ctx, message);
    case 'txn-request':
      return handleTxnRequest(ctx, message);
    case 'txn-response':
      return handleTxnResponse(ctx, message);
  }
}

function deliverDueMessages(ctx: RuleContext): void {
  const { world } = ctx;
  for (;;) {
    // One pass splits the wire into due and later (it used to take three: some, filter,
    // filter). Same order and same rounds: messages sent while delivering wait for the next round.
    const network = world.network;
    let due: NetworkMessage[] | null = null;
    let later: NetworkMessage[] = [];
    for (let i = 0; i < network.length; i++) {
      const m = network[i] as NetworkMessage;
      if (m.arriveTick <= world.tick) {
        // Nothing due so far means everything before i is later: copy it once.
        if (due === null) {
          due = [];
          later = network.slice(0, i);
        }
        due.push(m);
      } else if (due !== null) later.push(m);
    }
    if (due === null) return;
    world.network = later;
    for (const message of due) deliver(ctx, message);
  }
}

/** Advances `world` by one tick (in place) and returns what happened. */
export function tick(world: World): WorldEvent[] {
  world.tick++;
  const ctx: RuleContext = { world, log: new EventLog(world) };
  runController(ctx);
  deliverDueMessages(ctx);
  runTransactionCoordinators(ctx);
  answerParkedFetches(ctx);
  resumeIdleFollowers(ctx);
  runProducers(ctx);
  runConsumers(ctx);
  expireSessions(ctx);
  completeRebalances(ctx);
  enforceRetention(ctx);
  runLogCleaner(ctx);
  return ctx.log.events;
}
