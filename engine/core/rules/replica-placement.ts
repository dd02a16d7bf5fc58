/**
 * Where a new partition's replicas go: Kafka's KRaft controller places them with
 * `StripedReplicaPlacer` (metadata/.../placement/StripedReplicaPlacer.java, 4.1.1), here for a
 * cluster without racks. The shape it gives, and which this reproduces step by step:
 *
 * - Unfenced brokers, sorted by id, form a list `U` with a random start `o`: partition `p`
 *   gets `U[o+p], U[o+p+1], …` (mod |U|), so leaderships stripe across the brokers. The first
 *   replica is always unfenced: it is the partition's preferred leader.
 * - Fenced but registered brokers (list `F`, its own random start) fill replica slots only
 *   once `U` is used up in that partition.
 * - Every |U| partitions both lists are shuffled (cumulatively), and the striping starts again
 *   on the new order.
 *
 * Java's controller draws from its own `java.util.Random`; the simulator's controller draws
 * from `World.controllerRng`, which nothing else uses, so creating topics never shifts the
 * random choices of producers, faults or member ids (and one-broker worlds, which have a
 * single possible placement, replay exactly as before the cluster existed).
 */
import { nextInt, type Rng } from '../random.ts';
import type { CommandError } from '../commands.ts';
import { refuse } from './context.ts';

/** One of the placer's broker lists (`BrokerList`): a sorted list read from a rotating start. */
interface BrokerList {
  readonly ids: number[];
  epoch: number;
  index: number;
  offset: number;
}

function brokerList(rng: Rng, ids: readonly number[]): BrokerList {
  const sorted = [...ids].sort((a, b) => a - b);
  // BrokerList.initialize: the random start is drawn only for a non-empty list.
  return { ids: sorted, epoch: 0, index: 0, offset: sorted.length > 0 ? nextInt(rng, sorted.length) : 0 };
}

/** BrokerList.next(epoch): the next broker of this epoch, or -1 once the list is used up. */
function next(list: BrokerList, epoch: number): number {
  const size = list.ids.length;
  if (size === 0) return -1;
  if (epoch !== list.epoch) {
    list.epoch = epoch;
    list.index = 0;
    list.offset = (list.offset + 1) % size;
  }
  if (list.index >= size) return -1;
  const id = list.ids[(list.index + list.offset) % size] as number;
  list.index++;
  return id;
}

/** Collections.shuffle(list, random): from the last position down, swap with a random earlier one. */
function shuffle(rng: Rng, ids: number[]): void {
  for (let i = ids.length; i > 1; i--) {
    const j = nextInt(rng, i);
    const a = ids[i - 1] as number;
    ids[i - 1] = ids[j] as number;
    ids[j] = a;
  }
}

export interface PlacementRequest {
  /** Brokers that may lead (registered, not fenced, not shutting down). */
  readonly unfenced: readonly number[];
  /** Registered brokers that are fenced: they may hold follower replicas only. */
  readonly fenced: readonly number[];
  readonly partitions: number;
  readonly replicationFactor: number;
}

/**
 * The replica list of each of `partitions` new partitions (the first replica leads), or Kafka's
 * refusal: the controller's `INVALID_REPLICATION_FACTOR`, worded as `kafka-topics` prints it.
 */
export function placeReplicas(rng: Rng, req: PlacementRequest): number[][] | CommandError {
  const rf = req.replicationFactor;
  const total = req.unfenced.length + req.fenced.length;
  // ReplicationControlManager wraps the placer's message (RCM:794-797).
  const unable = (why: string) => refuse('InvalidReplicationFactorException', `Unable to replicate the partition ${rf} time(s): ${why}`);
  if (rf <= 0) return unable(`Invalid replication factor ${rf}: the replication factor must be positive.`);
  if (req.unfenced.length === 0) return unable('All brokers are currently fenced.');
  if (rf > total) return unable(`The target replication factor of ${rf} cannot be reached because only ${total} broker(s) are registered.`);
  // RackList's constructor: fenced list first, then unfenced (one rack; its own offset draw is nextInt(1)).
  const fenced = brokerList(rng, req.fenced);
  const unfenced = brokerList(rng, req.unfenced);
  const n = unfenced.ids.length;
  let epoch = 0;
  const placed: number[][] = [];
  for (let p = 0; p < req.partitions; p++) {
    if (epoch === n && n > 1) {
      shuffle(rng, fenced.ids);
      shuffle(rng, unfenced.ids);
      epoch = 0;
    }
    const replicas = [next(unfenced, epoch)];
    while (replicas.length < rf) {
      let id = next(unfenced, epoch);
      if (id === -1) id = next(fenced, epoch);
      replicas.push(id);
    }
    placed.push(replicas);
    epoch++;
  }
  return placed;
}
