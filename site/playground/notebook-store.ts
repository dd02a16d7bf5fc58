/**
 * The playground's autosave: the notebook in local storage, versioned, written on every change.
 * A saved notebook that cannot be read — corrupted, hand-edited, or from a format this page does
 * not know — is never thrown away: its raw text is moved aside (kept until the reader dismisses
 * it), so the next autosave cannot overwrite it, and the page offers it for download and says what
 * happened. Pure functions over a storage the caller passes; they never throw.
 */
import { ENGINE_VERSION } from '../../engine/version.ts';
import { checkNotebook, type SharedNotebook } from './notebook.ts';
import { notebookJson } from './share-encode.ts';

export const NOTEBOOK_KEY = 'streamlab:playground';
/** Where unreadable saves are kept, untouched, until the reader has them: `RESCUED_KEY:1`, `:2`, … */
export const RESCUED_KEY = 'streamlab:playground:unreadable';
/** Rescue slots; past them an unreadable save stays where it is (and the page must not autosave over it). */
const RESCUE_SLOTS = 20;

export type LoadedNotebook =
  /** Nothing saved: a fresh notebook. */
  | { readonly kind: 'empty' }
  | { readonly kind: 'loaded'; readonly notebook: SharedNotebook; readonly otherEngine: boolean }
  /**
   * The save could not be read: `raw` is its text, `problem` says why. `movedAside` is false only
   * when no rescue slot was free or storage refused the move: the text is still under NOTEBOOK_KEY,
   * and autosaving would overwrite it.
   */
  | { readonly kind: 'unreadable'; readonly raw: string; readonly problem: string; readonly movedAside: boolean };

/** Saves the notebook (as this engine's); false when the storage refused (full, private mode). */
export function saveNotebook(storage: Pick<Storage, 'setItem'> | null, notebook: Omit<SharedNotebook, 'engine'>): boolean {
  try {
    if (!storage) return false;
    storage.setItem(NOTEBOOK_KEY, notebookJson(notebook, ENGINE_VERSION));
    return true;
  } catch {
    return false;
  }
}

/** The saved notebook, or nothing, or the unreadable text moved aside with the reason. */
export function loadNotebook(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): LoadedNotebook {
  let raw: string | null;
  try {
    raw = storage?.getItem(NOTEBOOK_KEY) ?? null;
  } catch {
    return { kind: 'empty' };
  }
  if (raw === null) return { kind: 'empty' };
  let problem: string;
  try {
    const checked = checkNotebook(JSON.parse(raw));
    if (typeof checked !== 'string') return { kind: 'loaded', notebook: checked, otherEngine: checked.engine !== ENGINE_VERSION };
    problem = `Your saved notebook is not one this page can open (${checked}).`;
  } catch {
    problem = 'Your saved notebook is damaged: it is not readable data.';
  }
  const movedAside = moveAside(storage, raw);
  return { kind: 'unreadable', raw, problem: `${problem} It was kept as it is: download it before you dismiss it.`, movedAside };
}

/** Moves an unreadable save into the first free rescue slot (earlier rescues are never replaced). */
function moveAside(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null, raw: string): boolean {
  try {
    if (!storage) return false;
    for (let slot = 1; slot <= RESCUE_SLOTS; slot++) {
      const key = `${RESCUED_KEY}:${slot}`;
      if (storage.getItem(key) !== null) continue;
      storage.setItem(key, raw);
      storage.removeItem(NOTEBOOK_KEY);
      return true;
    }
    return false;
  } catch {
    // Storage refused the move: the raw text still goes back to the page, which offers it.
    return false;
  }
}

/** The rescued texts of unreadable saves, oldest first, each with the key to dismiss it by. */
export function rescuedNotebooks(storage: Pick<Storage, 'getItem'> | null): { readonly key: string; readonly raw: string }[] {
  const found: { key: string; raw: string }[] = [];
  try {
    for (let slot = 1; slot <= RESCUE_SLOTS; slot++) {
      const key = `${RESCUED_KEY}:${slot}`;
      const raw = storage?.getItem(key) ?? null;
      if (raw !== null) found.push({ key, raw });
    }
  } catch {
    // what was read so far is what can be offered
  }
  return found;
}

/** Forgets one rescued text, once the reader has downloaded or dismissed it. */
export function dismissRescued(storage: Pick<Storage, 'removeItem'> | null, key: string): void {
  try {
    if (key.startsWith(`${RESCUED_KEY}:`)) storage?.removeItem(key);
  } catch {
    // nothing to do: it stays until storage allows
  }
}
