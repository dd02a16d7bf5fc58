/**
 * Brokers failing and coming back (`sim broker crash|stop|restart|slow|fast`). What the
 * controller makes of it lives in controller.ts; here is what happens to the broker itself:
 *
 * - crash: the process dies at once (kill -9). It answers nothing from now on, but the controller
 *   only notices when its heartbeats have been missing for `broker.session.timeout.ms`; until then
 *   it still leads its partitions, and writes to them wait.
 * - stop: a controlled shutdown (SIGTERM). The broker asks the controller to move its leadership
 *   and ISR memberships away first, then stops, fenced at once.
 * - restart: it starts again and registers. After a crash the controller refuses the new
 *   registration while the dead one's session is still valid (DuplicateBrokerRegistration), so it
 *   waits for that session to time out; then registration counts as an unclean shutdown.
 * - slow / fast: its fetches as a follower take longer, or no longer do.
 */
import type { CommandError } from '../commands.ts';
import { address } from '../events.ts';
import type { BrokerState } from '../types.ts';
import { brokerById, updateBroker } from '../world.ts';
import { refuse, type RuleContext } from './context.ts';
import { fenceBroker, registerBroker } from './controller.ts';

function brokerOrRefuse(ctx: RuleContext, id: number): BrokerState | CommandError {
  const broker = brokerById(ctx.world, id);
  if (broker) return broker;
  const ids = ctx.world.brokers.map((b) => b.id).join(', ');
  return refuse('InvalidCommand', `the cluster has no broker ${id} (its brokers: ${ids})`);
}

const STATUS_WORDS: Record<BrokerState['status'], string> = {
  running: 'running',
  crashed: 'crashed',
  stopped: 'stopped',
  starting: 'restarting (waiting to register)',
};

/** Every replica the broker follows starts a new fetch loop (its old one died with the process, or will be replaced on restart). */
function resetFollowersOn(ctx: RuleContext, id: number): void {
  for (const topic of ctx.world.topics.values()) {
    for (const partition of topic.partitions) {
      const f = partition.followers.get(id);
      if (f) partition.followers.set(id, { ...f, state: 'idle', session: f.session + 1 });
    }
  }
}

export function crashBroker(ctx: RuleContext, id: number): CommandError | null {
  const broker = brokerOrRefuse(ctx, id);
  if ('code' in broker) return broker;
  if (broker.status !== 'running' && broker.status !== 'starting')
    return refuse('InvalidCommand', `broker ${id} is ${STATUS_WORDS[broker.status]}: only a running broker can crash`);
  const { world } = ctx;
  const fenceTick = broker.fenced ? -1 : broker.fenceTick >= 0 ? broker.fenceTick : world.tick + world.options.brokerSessionTimeoutTicks;
  updateBroker(world, id, { status: 'crashed', fenceTick });
  resetFollowersOn(ctx, id);
  ctx.log.emit('broker.crashed', address.broker(id), address.broker(id), { broker: id, fenceTick });
  return null;
}

export function stopBroker(ctx: RuleContext, id: number): CommandError | null {
  const broker = brokerOrRefuse(ctx, id);
  if ('code' in broker) return broker;
  if (broker.status !== 'running') return refuse('InvalidCommand', `broker ${id} is ${STATUS_WORDS[broker.status]}: only a running broker can stop`);
  // Controlled shutdown: leadership and ISR membership move away while the broker is still up, then it is fenced.
  fenceBroker(ctx, id, `broker ${id} shut down`);
  updateBroker(ctx.world, id, { status: 'stopped' });
  resetFollowersOn(ctx, id);
  ctx.log.emit('broker.stopped', address.broker(id), address.broker(id), { broker: id });
  return null;
}

export function restartBroker(ctx: RuleContext, id: number): CommandError | null {
  const broker = brokerOrRefuse(ctx, id);
  if ('code' in broker) return broker;
  if (broker.status !== 'crashed' && broker.status !== 'stopped')
    return refuse('InvalidCommand', `broker ${id} is ${STATUS_WORDS[broker.status]}: only a crashed or stopped broker can restart`);
  resetFollowersOn(ctx, id);
  ctx.log.emit('broker.restarted', address.broker(id), address.broker(id), { broker: id });
  if (!broker.fenced) updateBroker(ctx.world, id, { status: 'starting' });
  else registerBroker(ctx, id, broker.status === 'crashed');
  return null;
}

export function setBrokerSlow(ctx: RuleContext, id: number, slow: boolean): CommandError | null {
  const broker = brokerOrRefuse(ctx, id);
  if ('code' in broker) return broker;
  if (broker.slow === slow) return refuse('InvalidCommand', `broker ${id} is already ${slow ? 'slow' : 'fast'}`);
  updateBroker(ctx.world, id, { slow });
  ctx.log.emit('broker.slowed', address.admin, address.broker(id), { broker: id, slow });
  return null;
}
