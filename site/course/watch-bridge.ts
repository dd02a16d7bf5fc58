/**
 * How the stage tells the page's guided steps where the world is: a document event with the
 * shown tick and, per `<wait-for>` of the page (in document order), the first tick its condition
 * was met. The stage reads the steps' conditions from their `data-watch` attribute.
 */
import { isWatch, type Watch } from '../stage/kernel/watches.ts';

export const WATCHES_EVENT = 'streamlab:watches';

export interface WatchesDetail {
  readonly tick: number;
  readonly hits: readonly (number | null)[];
}

/** The conditions of the page's guided steps, in document order; null for a malformed one (it is never met). */
export function pageWatches(root: ParentNode = document): (Watch | null)[] {
  return [...root.querySelectorAll<HTMLElement>('wait-for')].map((el) => {
    try {
      const parsed: unknown = JSON.parse(el.dataset['watch'] ?? '');
      return isWatch(parsed) ? parsed : null;
    } catch {
      return null;
    }
  });
}

/** The engine's hits (one per valid watch) spread back over the page's steps, null where a step's watch was malformed. */
export function hitsInPageOrder(watches: readonly (Watch | null)[], engineHits: readonly (number | null)[]): (number | null)[] {
  let next = 0;
  return watches.map((w) => (w === null ? null : (engineHits[next++] ?? null)));
}

/** Tells the guided steps the shown tick and the hits. */
export function announceWatches(detail: WatchesDetail): void {
  document.dispatchEvent(new CustomEvent<WatchesDetail>(WATCHES_EVENT, { detail }));
}
