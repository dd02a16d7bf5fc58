/**
 * The KRaft controller's rule for a partition's next leader, ISR and eligible leader replicas:
 * Kafka's `PartitionChangeBuilder` (metadata module, read at apache/kafka 1eb7644), with ELR on
 * as 4.1 has it and `useLastKnownLeaderInBalancedRecovery` at its default (true). Pure: the
 * controller (controller.ts) decides which partitions to change and applies what this returns.
 *
 * The steps, in Kafka's order (`build`):
 * 1. ELR (`maybePopulateTargetElr`): while the new ISR is smaller than `min.insync.replicas`,
 *    replicas that leave the ISR become eligible leaders (they hold every committed record),
 *    except one that shut down uncleanly (a crash may have lost what it had not flushed); once the
 *    ISR is back at `min.insync.replicas` the ELR is cleared.
 * 2. Election (`electLeader`): keep the leader while it is valid; else the first valid replica in
 *    replica order, valid meaning in the ISR (or in the ELR when the ISR is empty) and acceptable
 *    (an unfenced broker); else the last known leader when it is all that is left; else, with
 *    unclean election on, the first acceptable replica at all, which may lack acknowledged records.
 *    A preferred election tries the first replica first.
 * 3. A leader from the ELR, and an unclean leader, start a new ISR of just themselves.
 * 4. The last known leader is remembered when the ISR empties, and forgotten once there is a leader.
 */

/** Which election the change runs: `online` keeps partitions led cleanly, `unclean` may pick an out-of-sync replica, `preferred` moves leadership to the first replica. */
export type ElectionKind = 'online' | 'unclean' | 'preferred';

export interface PartitionRegistration {
  readonly replicas: readonly number[];
  /** -1: no leader. */
  readonly leader: number;
  readonly isr: readonly number[];
  readonly elr: readonly number[];
  readonly lastKnownElr: readonly number[];
}

export interface PartitionChangeRequest {
  readonly partition: PartitionRegistration;
  /** The ISR the change asks for (the current one minus a fenced broker, plus a caught-up follower, …). */
  readonly targetIsr: readonly number[];
  /** The topic's effective `min.insync.replicas`. */
  readonly minIsr: number;
  /** Whether a broker may lead now: unfenced, not shutting down, not the broker being removed. */
  readonly isAcceptableLeader: (broker: number) => boolean;
  readonly election: ElectionKind;
  /** A broker that just re-registered after an unclean shutdown: it leaves the ELR. */
  readonly uncleanShutdown?: number | undefined;
}

export interface PartitionChange {
  readonly leader: number;
  readonly isr: readonly number[];
  readonly elr: readonly number[];
  readonly lastKnownElr: readonly number[];
  /** The leader changed (a new leader epoch). */
  readonly leaderChanged: boolean;
  /** The new leader was not in the ISR: records acknowledged by the old ISR may be lost. */
  readonly unclean: boolean;
  /** The new leader came from the ELR. */
  readonly fromElr: boolean;
}

const NO_LEADER = -1;

/**
 * Kafka collects ELR members in a `HashSet<Integer>`, whose order for broker ids (small
 * non-negative ints hash to themselves) is ascending: the order `kafka-topics` prints them in.
 */
function ascending(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

export function buildPartitionChange(request: PartitionChangeRequest): PartitionChange {
  const { partition, minIsr, isAcceptableLeader, election, uncleanShutdown } = request;
  let isr = [...request.targetIsr];
  let elr = [...partition.elr];
  let isrForced = false;

  // 1. maybePopulateTargetElr.
  if (isr.length >= minIsr) {
    elr = [];
  } else {
    const inIsr = new Set(isr);
    elr = ascending([...elr, ...partition.isr]).filter((r) => !inIsr.has(r) && r !== uncleanShutdown);
  }

  // 2. electLeader.
  const isValidNewLeader = (r: number) => (isr.includes(r) || (isr.length === 0 && elr.includes(r))) && isAcceptableLeader(r);
  const canElectLastKnownLeader = () =>
    elr.length === 0 && isr.length === 0 && partition.lastKnownElr.length === 1 && isAcceptableLeader(partition.lastKnownElr[0] as number);
  const elect = (): { node: number; unclean: boolean } => {
    if (election === 'preferred') {
      const preferred = partition.replicas[0] ?? NO_LEADER;
      if (isValidNewLeader(preferred)) return { node: preferred, unclean: false };
    }
    if (partition.leader !== NO_LEADER && isValidNewLeader(partition.leader)) return { node: partition.leader, unclean: false };
    const online = partition.replicas.slice(election === 'preferred' ? 1 : 0).find(isValidNewLeader);
    if (online !== undefined) return { node: online, unclean: false };
    if (canElectLastKnownLeader()) return { node: partition.lastKnownElr[0] as number, unclean: true };
    if (election === 'unclean') {
      const any = partition.replicas.find(isAcceptableLeader);
      if (any !== undefined) return { node: any, unclean: true };
    }
    return { node: NO_LEADER, unclean: false };
  };
  const result = elect();
  let leader = partition.leader;
  let fromElr = false;
  let unclean = false;
  if (result.node !== partition.leader) {
    leader = result.node;
    // tryElection: a leader from the ELR starts a new ISR of itself; an unclean one too.
    if (elr.includes(result.node)) {
      isr = [result.node];
      elr = elr.filter((r) => r !== result.node);
      fromElr = true;
    }
    // An unclean leader's ISR is forced to itself even when it came from the ELR (it was not a valid clean choice).
    if (result.unclean) {
      isr = [result.node];
      isrForced = true;
      unclean = true;
    }
  }

  // 3. maybeUpdateRecordElr: an unclean election clears the ELR.
  if (isrForced) elr = [];

  // 4. maybeUpdateLastKnownLeader.
  let lastKnownElr = [...partition.lastKnownElr];
  const isrChanged = isr.length !== partition.isr.length || isr.some((r, i) => partition.isr[i] !== r);
  if (isrChanged && isr.length === 0 && (partition.lastKnownElr.length !== 1 || partition.lastKnownElr[0] !== partition.leader)) {
    lastKnownElr = partition.leader === NO_LEADER ? [] : [partition.leader];
  } else if (leader !== NO_LEADER && partition.lastKnownElr.length > 0) {
    lastKnownElr = [];
  }

  return { leader, isr, elr, lastKnownElr, leaderChanged: leader !== partition.leader, unclean, fromElr };
}
