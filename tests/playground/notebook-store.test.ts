/**
 * The playground's autosave: a notebook saved comes back; an unreadable save is never lost — it
 * is moved aside untouched, the next autosave cannot overwrite it, and the reason is given.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { dismissRescued, loadNotebook, NOTEBOOK_KEY, RESCUED_KEY, rescuedNotebooks, saveNotebook } from '../../site/playground/notebook-store.ts';

function memoryStorage(entries: Record<string, string> = {}) {
  const data = new Map(Object.entries(entries));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

const notebook = {
  seed: 3,
  cells: ['kafka-topics --create --topic orders', 'sim tick 5'],
  ops: [{ op: 'cell', cell: 0 } as const, { op: 'act', command: 'sim crash shipping-1', tick: 4 } as const],
};

describe('autosave', () => {
  it('a saved notebook loads back as it was, made by this engine', () => {
    const storage = memoryStorage();
    expect(saveNotebook(storage, notebook)).toBe(true);
    expect(loadNotebook(storage)).toEqual({ kind: 'loaded', notebook: { engine: ENGINE_VERSION, ...notebook }, otherEngine: false });
  });

  it('nothing saved is an empty notebook', () => {
    expect(loadNotebook(memoryStorage())).toEqual({ kind: 'empty' });
    expect(loadNotebook(null)).toEqual({ kind: 'empty' });
  });

  it('a save from another engine loads, and says so', () => {
    const storage = memoryStorage({ [NOTEBOOK_KEY]: JSON.stringify({ v: 1, engine: '0.0.1', seed: 1, cells: [], ops: [] }) });
    expect(loadNotebook(storage)).toMatchObject({ kind: 'loaded', otherEngine: true });
  });

  it.each([
    { what: 'cut-off JSON', raw: '{"v":1,"engine":"0.1.0","seed":1,"cells":["sim ti', problem: /^Your saved notebook is damaged: it is not readable data\./ },
    {
      what: 'a format this page does not know',
      raw: JSON.stringify({ v: 9, notebook: 'future' }),
      problem: /^Your saved notebook is not one this page can open \(.* at v\)\./,
    },
    {
      what: 'an operation on a missing cell',
      raw: JSON.stringify({ v: 1, engine: '0.1.0', seed: 1, cells: [], ops: [{ op: 'cell', cell: 0 }] }),
      problem: /operation 0 runs a cell it does not have/,
    },
  ])('$what: kept aside, word for word, and the reason given; the next autosave does not overwrite it', ({ raw, problem }) => {
    const storage = memoryStorage({ [NOTEBOOK_KEY]: raw });
    const loaded = loadNotebook(storage);
    expect(loaded.kind).toBe('unreadable');
    expect(loaded.kind === 'unreadable' && loaded.raw).toBe(raw);
    expect(loaded.kind === 'unreadable' && loaded.problem).toMatch(problem);
    expect(loaded.kind === 'unreadable' && loaded.problem).toMatch(/It was kept as it is: download it before you dismiss it\.$/);
    expect(loaded.kind === 'unreadable' && loaded.movedAside).toBe(true);
    saveNotebook(storage, notebook);
    expect(rescuedNotebooks(storage)).toEqual([{ key: `${RESCUED_KEY}:1`, raw }]);
    dismissRescued(storage, `${RESCUED_KEY}:1`);
    expect(rescuedNotebooks(storage)).toEqual([]);
  });

  it('a second unreadable save is kept beside the first, which it never replaces', () => {
    const storage = memoryStorage({ [NOTEBOOK_KEY]: 'second', [`${RESCUED_KEY}:1`]: 'first' });
    expect(loadNotebook(storage)).toMatchObject({ kind: 'unreadable', raw: 'second', movedAside: true });
    expect(rescuedNotebooks(storage)).toEqual([
      { key: `${RESCUED_KEY}:1`, raw: 'first' },
      { key: `${RESCUED_KEY}:2`, raw: 'second' },
    ]);
  });

  it('with every rescue slot taken, the unreadable save stays where it is and the page is told', () => {
    const slots = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${RESCUED_KEY}:${i + 1}`, `old ${i}`]));
    const storage = memoryStorage({ ...slots, [NOTEBOOK_KEY]: 'newest' });
    expect(loadNotebook(storage)).toMatchObject({ kind: 'unreadable', raw: 'newest', movedAside: false });
    expect(storage.data.get(NOTEBOOK_KEY)).toBe('newest');
  });

  it('dismissing touches only rescue slots', () => {
    const storage = memoryStorage({ [NOTEBOOK_KEY]: 'x' });
    dismissRescued(storage, NOTEBOOK_KEY);
    expect(storage.data.get(NOTEBOOK_KEY)).toBe('x');
  });

  it('storage that throws: nothing loads, saving reports false, nothing throws', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadNotebook(refusing)).toEqual({ kind: 'empty' });
    expect(saveNotebook(refusing, notebook)).toBe(false);
    expect(rescuedNotebooks(refusing)).toEqual([]);
    expect(() => dismissRescued(refusing, `${RESCUED_KEY}:1`)).not.toThrow();
  });
});
