/** The broker's answer to a produce request, which the client network may lose (`sim` fault injection). */
import { address } from '../events.ts';
import { chance } from '../random.ts';
import { hopTicks } from '../world.ts';
import type { RuleContext } from './context.ts';

export interface ProduceRequestId {
  readonly producer: string;
  readonly requestId: number;
  readonly topic: string;
  readonly partition: number;
}

export function sendProduceResponse(ctx: RuleContext, req: ProduceRequestId, baseOffset: number, error: string | null): void {
  const { world, log } = ctx;
  if (chance(world.rng, world.faults.responseLossRate)) {
    log.emit('response.lost', address.partition(req.topic, req.partition), address.producer(req.producer), {
      requestId: req.requestId,
      topic: req.topic,
      partition: req.partition,
    });
    return;
  }
  world.network.push({
    kind: 'produce-response',
    arriveTick: world.tick + hopTicks(world),
    producer: req.producer,
    requestId: req.requestId,
    topic: req.topic,
    partition: req.partition,
    baseOffset,
    error,
  });
}
