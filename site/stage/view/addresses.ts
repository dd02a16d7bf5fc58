/**
 * Engine addresses (`producer:NAME`, `partition:T/P`, `consumer:NAME`, `group:G`) resolved to
 * what the layout drew for them.
 */
import type { MemberLayout, PartitionLayout, Point, StageLayout } from './stage-layout.ts';

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

export function splitAddress(address: string): [string, string] {
  const i = address.indexOf(':');
  return i === -1 ? [address, ''] : [address.slice(0, i), address.slice(i + 1)];
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
