/**
 * The cluster's brokers. A Kafka cluster is set up before it holds data — a KRaft quickstart
 * formats and starts its brokers, then creates topics — so the simulated cluster's size is set
 * while no topic exists, and grows afterwards one broker at a time, as a new broker registers
 * with the controller. A new broker holds no replica until a topic is created or grown (Kafka
 * never moves existing replicas by itself).
 */
import type { CommandError } from '../commands.ts';
import { address } from '../events.ts';
import { LIMITS, limitMessage, SIMULATOR_LIMIT } from '../limits.ts';
import { brokerNamed } from '../world.ts';
import { refuse, type RuleContext } from './context.ts';

/** Brokers 1 … `count`, while the cluster holds no topic. */
export function configureCluster(ctx: RuleContext, count: number): CommandError | null {
  const { world, log } = ctx;
  const [first] = world.topics.keys();
  if (first !== undefined) {
    return refuse('InvalidCommand', `the cluster's size is set before any topic exists (topic ${first} exists): add brokers one at a time with sim broker add`);
  }
  world.brokers = Array.from({ length: count }, (_, i) => brokerNamed(i + 1));
  log.emit('cluster.configured', address.admin, address.admin, { brokers: world.brokers.map((b) => b.id) });
  return null;
}

/** One more broker, numbered after the highest. */
export function addBroker(ctx: RuleContext): CommandError | null {
  const { world, log } = ctx;
  if (world.brokers.length >= LIMITS.brokers) {
    return refuse(SIMULATOR_LIMIT, limitMessage(`broker ${world.brokers.length + 1}`, LIMITS.brokers, 'brokers in a cluster'));
  }
  const id = Math.max(0, ...world.brokers.map((b) => b.id)) + 1;
  world.brokers = [...world.brokers, brokerNamed(id)];
  log.emit('broker.added', address.admin, address.broker(id), { broker: id });
  return null;
}
