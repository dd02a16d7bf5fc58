/**
 * The output ledger (`sim ledger --output T --isolation LEVEL`): what a consumer of a processor's
 * output topic sees, matched against the inputs the processor's group says it has finished.
 *
 * - Inputs: for every processor writing to T, the records of its input topic from where its
 *   group started each partition up to the group's committed offset, as its own consumer returns
 *   them (no markers; under read_committed no aborted records). These are the records the group
 *   claims are done.
 * - Outputs: the records of T a consumer with `isolation` reads (up to the high watermark, or up
 *   to the last stable offset without aborted records), each naming its input in the
 *   `streamlab.input` header the processor stamps on it.
 *
 * An input with two visible outputs is duplicated; one with none is missing. Outputs for inputs
 * past the committed offset (processed, not yet committed) count as outputs and nothing else.
 */
import { INPUT_HEADER } from './rules/processor-loop.ts';
import { fetchedRange, isReturned, readableEnd } from './rules/partition-transactions.ts';
import type { IsolationLevel, World } from './types.ts';
import { partitionKey } from './world.ts';

export interface OutputLedger {
  readonly inputs: number;
  /** Output records a consumer with the ledger's isolation reads. */
  readonly outputs: number;
  /** Inputs with more than one output, in input order, with where each output is (`T-p@o`). */
  readonly duplicated: readonly { readonly input: string; readonly outputs: readonly string[] }[];
  /** Inputs with no output, in input order (`T-p@o`). */
  readonly missing: readonly string[];
}

/** The ledger of `topic`, or null when no processor writes to it. */
export function summarizeOutputLedger(world: World, topic: string, isolation: IsolationLevel): OutputLedger | null {
  const processors = [...world.consumers.values()].filter((c) => c.processor?.output === topic);
  if (processors.length === 0) return null;
  const outputsOf = new Map<string, string[]>();
  let outputs = 0;
  for (const p of world.topics.get(topic)?.partitions ?? []) {
    const end = readableEnd(p, isolation);
    const range = fetchedRange(p, p.logStartOffset, end, isolation);
    for (let o = p.logStartOffset; o < end; o++) {
      if (!isReturned(range, o)) continue;
      const input = p.store.read(o).headers.find((h) => h.key === INPUT_HEADER)?.value;
      if (input === undefined || input === null) continue;
      outputs++;
      const list = outputsOf.get(input);
      const where = `${partitionKey(p.topic, p.partition)}@${o}`;
      if (list) list.push(where);
      else outputsOf.set(input, [where]);
    }
  }
  const seen = new Set<string>();
  const duplicated: { input: string; outputs: string[] }[] = [];
  const missing: string[] = [];
  for (const c of processors) {
    const group = world.groups.get(c.group);
    if (!group) continue;
    for (const p of world.topics.get(c.topics[0] ?? '')?.partitions ?? []) {
      const key = partitionKey(p.topic, p.partition);
      const committed = group.offsets.get(key)?.offset;
      if (committed === undefined) continue;
      const start = Math.max(group.startOffsets.get(key) ?? 0, p.logStartOffset);
      const end = Math.min(committed, p.logEndOffset);
      const range = fetchedRange(p, start, end, c.isolation);
      for (let o = start; o < end; o++) {
        if (!isReturned(range, o)) continue;
        const input = `${key}@${o}`;
        if (seen.has(input)) continue;
        seen.add(input);
        const found = outputsOf.get(input) ?? [];
        if (found.length === 0) missing.push(input);
        else if (found.length > 1) duplicated.push({ input, outputs: found });
      }
    }
  }
  return { inputs: seen.size, outputs, duplicated, missing };
}
