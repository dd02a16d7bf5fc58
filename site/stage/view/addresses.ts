/**
 * Engine addresses (`producer:NAME`, `partition:T/P`, `consumer:NAME`, `group:G`) read and
 * written in one place, and resolved to what the layout drew for them.
 */
import { partitionKey } from '../../../engine/core/world.ts';
import type { TopicPartition } from '../../../engine/index.ts';
import type { MemberLayout, PartitionLayout, Point, StageLayout } from './stage-layout.ts';

/**
 * `orders-0`, as Kafka's TopicPartition prints it: the engine's own `partitionKey`, so the stage
 * names partitions exactly as the tools print them. Importing it adds that one function to the
 * page's bundle and nothing else of the engine (esbuild's metafile: 34 bytes from world.ts).
 */
export const partitionName: (topic: string, partition: number) => string = partitionKey;

/** `partition:orders/0`, the address engine events give a partition. */
export function partitionAddress(topic: string, partition: number): string {
  return `partition:${topic}/${partition}`;
}

export function splitAddress(address: string): [string, string] {
  const i = address.indexOf(':');
  return i === -1 ? [address, ''] : [address.slice(0, i), address.slice(i + 1)];
}

/** The name in an address of `kind` (`consumer:ledger` → `ledger`), or null for another kind. */
export function nameIn(address: string, kind: string): string | null {
  return address.startsWith(`${kind}:`) ? address.slice(kind.length + 1) : null;
}

/** The topic and partition of a `partition:T/P` address, or null for anything else. */
export function partitionOfAddress(address: string): TopicPartition | null {
  const rest = nameIn(address, 'partition');
  const slash = rest === null ? -1 : rest.lastIndexOf('/');
  if (rest === null || slash === -1) return null;
  const partition = Number(rest.slice(slash + 1));
  return Number.isInteger(partition) ? { topic: rest.slice(0, slash), partition } : null;
}

/** Where an address is drawn, from the point of view of the other end of a message. */
export function portOf(layout: StageLayout, address: string, peer: string): Point | null {
  const [kind, rest = ''] = splitAddress(address);
  switch (kind) {
    case 'producer':
      return layout.producers.find((p) => p.name === rest)?.port ?? null;
    case 'partition': {
      const row = findPartition(layout, address);
      if (!row) return null;
      return splitAddress(peer)[0] === 'producer' ? row.inPort : row.outPort;
    }
    case 'consumer':
      return findMember(layout, rest)?.port ?? null;
    case 'group':
      return layout.groups.find((g) => g.id === rest)?.port ?? null;
    default:
      return null;
  }
}

export function findPartition(layout: StageLayout, address: string): PartitionLayout | undefined {
  for (const t of layout.topics) for (const p of t.partitions) if (p.address === address) return p;
  return undefined;
}

/** The box of a consumer's current incarnation. */
export function findMember(layout: StageLayout, consumer: string): MemberLayout | undefined {
  for (const g of layout.groups) for (const m of g.members) if (m.consumerName === consumer && !m.stale) return m;
  return undefined;
}
