/**
 * The playground page (site/pages/playground/index.astro): starts its stage with the notebook of
 * editable cells (page/playground-notebook.ts), and wires the notebook's actions — starters, the
 * seed, share links, exports and import, the embed snippet — and its autosave.
 *
 * What the page opens, in order: a shared link in the address (shown first, run only when the
 * reader says so), else the notebook saved in this browser, else the first starter. Nothing the
 * reader wrote is ever dropped: a save that cannot be read is kept aside and offered for
 * download, and a notebook replaced by a starter, a link or an import can be brought back.
 */
import { ENGINE_VERSION } from '../../engine/version.ts';
import { EngineClient } from '../stage/engine-client.ts';
import type { NotebookOp } from '../stage/protocol.ts';
import type { ForkSource } from './fork/fork-view.ts';
import { StageController } from '../stage/stage-controller.ts';
import { findStageDom } from '../stage/stage-dom.ts';
import { createStageStore } from '../stage/store.ts';
import { fromKafkaScript, IMPORT_BYTES, lessonProblem, toKafkaScript, toLessonMdx } from './export-format.ts';
import { checkNotebook, type SharedNotebook } from './notebook.ts';
import { dismissRescued, loadNotebook, rescuedNotebooks, saveNotebook } from './notebook-store.ts';
import { downloadText } from './page/download.ts';
import { showPreview } from './page/link-preview.ts';
import { Notices } from './page/notices.ts';
import { PlaygroundNotebook } from './page/playground-notebook.ts';
import { decodeNotebook, encodeNotebook } from './share-link.ts';
import { notebookJson } from './share-encode.ts';
import { STARTERS } from './starters.ts';

/** Where the notebook a starter, a link or an import replaced is kept, to be brought back. */
export const PREVIOUS_KEY = 'streamlab:playground:previous';
/** Autosave waits this long after the last keystroke. */
const SAVE_DELAY_MS = 500;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function find<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`the playground markup has no ${selector}`);
  return found;
}

const RESTORE_WORDS = {
  done: (n: number) => `The notebook's ${n} step${n === 1 ? ' is' : 's are'} replayed: the world is as it was left.`,
  cancelled: 'Replaying the notebook was cancelled: the world is as far as it got.',
  failed: (why: string) => `The notebook's steps could not be replayed (${why}), so its world starts afresh; the cells are as they were written.`,
};

function startPlayground(page: HTMLElement, stageRoot: HTMLElement): void {
  const dom = findStageDom(stageRoot);
  const store = createStageStore(0, matchMedia('(prefers-reduced-motion: reduce)').matches);
  const client = new EngineClient({
    seed: 1,
    cells: [],
    spawn: () => new Worker(new URL('../stage/kernel/engine.worker.ts', import.meta.url), { type: 'module', name: 'streamlab-engine' }),
  });
  const notices = new Notices(find(page, '.pg-notices'));
  const seedInput = find<HTMLInputElement>(page, '.pg-seed');
  let autosave = true;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;

  const save = (): void => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    if (!autosave) return;
    const { seed, cells, ops } = notebook.draft();
    if (!saveNotebook(storage(), { seed, cells, ops }))
      notices.show('This browser refused to save your notebook (storage full or blocked): share it or export it to keep it.', 'problem', [], 'save');
  };
  const saveSoon = (): void => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  };

  const notebook = new PlaygroundNotebook(find(page, '.pg-cells'), store, client, {
    changed: () => {
      seedInput.value = String(notebook.seed);
      saveSoon();
    },
    tell: (text) => notices.show(text, 'info', [], 'edit'),
  });
  const controller = new StageController(dom, store, client, [], {
    mode: 'lesson',
    progress: null,
    completed: () => {
      notebook.afterOperation();
      saveSoon();
    },
    beforeRun: () => notebook.ready(),
    restoreWords: RESTORE_WORDS,
  });
  notebook.attach(controller);
  addEventListener('pagehide', save);

  /** Replaces the notebook, keeping the one it replaces to bring back. */
  const open = async (next: { seed: number; cells: readonly string[]; ops: readonly NotebookOp[]; tick?: number }, said: string): Promise<void> => {
    const kept = notebook.draft();
    const hadWork = kept.cells.some((c) => c.trim() !== '');
    let keptAside = false;
    if (hadWork) {
      try {
        const local = storage();
        local?.setItem(PREVIOUS_KEY, notebookJson(kept, ENGINE_VERSION));
        keptAside = local !== null;
      } catch {
        // Storage refused: the reader is told the previous notebook could not be kept.
      }
    }
    seedInput.value = String(next.seed);
    await notebook.replace(next.seed, next.cells, next.ops);
    if (next.tick !== undefined) store.trigger.seek({ tick: next.tick });
    save();
    if (!hadWork) notices.show(said, 'info', [], 'opened');
    else if (!keptAside) notices.show(`${said} This browser would not keep your previous notebook (storage full or blocked).`, 'problem', [], 'opened');
    else
      notices.show(`${said} Your previous notebook was kept.`, 'info', [{ label: 'Bring back my previous notebook', act: () => void bringBack() }], 'opened');
  };

  const bringBack = async (): Promise<void> => {
    const raw = storage()?.getItem(PREVIOUS_KEY) ?? null;
    let checked: SharedNotebook | string = 'nothing was kept';
    try {
      if (raw !== null) checked = checkNotebook(JSON.parse(raw));
    } catch {
      checked = 'it is not readable data';
    }
    if (typeof checked === 'string') {
      notices.show(`Your previous notebook cannot be brought back: ${checked}.`, 'problem', [], 'opened');
      return;
    }
    const ops = checked.engine === ENGINE_VERSION ? checked.ops : [];
    await open({ seed: checked.seed, cells: checked.cells, ops }, 'Your previous notebook is back.');
  };

  const openStarter = (id: string): Promise<void> => {
    const starter = STARTERS.find((s) => s.id === id);
    if (!starter) return open({ seed: 1, cells: [''], ops: [] }, 'An empty notebook is open.');
    return open({ seed: starter.seed, cells: starter.cells, ops: [] }, `“${starter.title}” is open: run its cells in order.`);
  };

  wireActions(page, notebook, notices, { open, openStarter, store, client });
  wireFork(page, notices, () => ({ ...notebook.draft(), tick: store.getSnapshot().context.tick }));

  void (async () => {
    // The saved notebook first (or a starter), so the page is usable while a link is looked at.
    const stored = storage();
    // Earlier rescues first: a save found unreadable now gets its own notice below.
    const rescued = rescuedNotebooks(stored);
    const loaded = loadNotebook(stored);
    rescued.forEach(({ key, raw }, i) =>
      notices.show(
        `A saved notebook this page could not read is kept in this browser (${i + 1} of ${rescued.length}). Download it to keep it, then dismiss this.`,
        'problem',
        [
          { label: 'Download it', act: () => downloadText(`unreadable-notebook-${i + 1}.json`, raw, 'application/json') },
          {
            label: 'Delete it from this browser',
            act: () => {
              dismissRescued(stored, key);
              return true;
            },
          },
        ],
        key,
      ),
    );
    if (loaded.kind === 'unreadable') {
      autosave = loaded.movedAside;
      notices
        .show(
          `${loaded.problem}${loaded.movedAside ? '' : ' This browser would not move it aside, so nothing will be saved until you download it and dismiss this.'}`,
          'problem',
          [{ label: 'Download it', act: () => downloadText('unreadable-notebook.json', loaded.raw, 'application/json') }],
          'unreadable',
        )
        .addEventListener('click', (event) => {
          if ((event.target as HTMLElement).textContent === 'Dismiss') autosave = true;
        });
    }
    if (loaded.kind === 'loaded') {
      const { notebook: saved, otherEngine } = loaded;
      seedInput.value = String(saved.seed);
      await notebook.replace(saved.seed, saved.cells, otherEngine ? [] : saved.ops);
      if (otherEngine)
        notices.show(
          `Your notebook was saved by Streamlab's engine ${saved.engine}; this page runs ${ENGINE_VERSION}. Your cells are here, but their steps were not replayed (they might give another world): run the cells again.`,
          'info',
        );
    } else {
      const first = STARTERS[0];
      if (first) {
        seedInput.value = String(first.seed);
        await notebook.replace(first.seed, first.cells, []);
      }
    }
    if (location.hash.length > 1) await previewLink(page, notices, open);
    // A link pasted into the address bar of this page arrives without a reload.
    addEventListener('hashchange', () => {
      if (location.hash.length > 1) void previewLink(page, notices, open);
    });
  })();
}

/**
 * What if…?: a dialog as wide as the window, where the fork view (fork/fork-view.ts) copies the
 * notebook's world (its settled log, at the tick the stage shows) when the reader asks. Its code
 * loads the first time it opens, not with the page.
 */
function wireFork(page: HTMLElement, notices: Notices, source: () => ForkSource): void {
  const dialog = find<HTMLDialogElement>(page, '.pg-fork-dialog');
  const opener = find<HTMLButtonElement>(page, '[data-pg="fork"]');
  let mounted: Promise<unknown> | null = null;
  opener.addEventListener('click', () => {
    mounted ??= import('./fork/fork-view.ts').then(
      ({ mountForkView }) => mountForkView(find(dialog, '.pg-fork'), source),
      (error: unknown) => {
        mounted = null;
        throw error;
      },
    );
    mounted.then(
      () => dialog.showModal(),
      () => notices.show('The what-if view could not load: reload the page to try again.', 'problem', [], 'fork'),
    );
  });
  find<HTMLButtonElement>(dialog, '[data-pg="close-fork"]').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => opener.focus());
}

/** A link in the address: shown as text first, opened only on the reader's word. */
async function previewLink(page: HTMLElement, notices: Notices, open: (next: SharedNotebook, said: string) => Promise<void>): Promise<void> {
  const section = find<HTMLElement>(page, '.pg-preview');
  const decoded = await decodeNotebook(location.hash);
  const forget = () => history.replaceState(null, '', location.pathname + location.search);
  if (!decoded.ok) {
    forget();
    notices.show(`${decoded.problem} Nothing from it was opened.`, 'problem', [], 'link');
    return;
  }
  showPreview(
    {
      section,
      summary: find(section, '.pg-preview-summary'),
      cells: find(section, '.pg-preview-cells'),
      actionsTitle: find(section, '.pg-preview-actions-title'),
      actions: find(section, '.pg-preview-actions'),
    },
    decoded.notebook,
    decoded.otherEngine,
  );
  find<HTMLElement>(section, 'h2').tabIndex = -1;
  find<HTMLElement>(section, 'h2').focus();
  const close = () => {
    section.hidden = true;
    forget();
  };
  find<HTMLButtonElement>(section, '[data-pg="open-link"]').onclick = () => {
    close();
    const n = decoded.notebook;
    const ops = decoded.otherEngine ? [] : n.ops;
    void open({ ...n, ops, ...(decoded.otherEngine ? {} : n.tick === undefined ? {} : { tick: n.tick }) }, 'The shared notebook is open.');
  };
  find<HTMLButtonElement>(section, '[data-pg="ignore-link"]').onclick = () => {
    close();
    notices.show('The shared notebook was not opened: yours is as it was.', 'info', [], 'link');
  };
}

interface PageActions {
  open(next: { seed: number; cells: readonly string[]; ops: readonly NotebookOp[]; tick?: number }, said: string): Promise<void>;
  openStarter(id: string): Promise<void>;
  store: ReturnType<typeof createStageStore>;
  client: EngineClient;
}

/** The notebook's buttons: starters, seed, add cell, share, embed, exports and import. */
function wireActions(page: HTMLElement, notebook: PlaygroundNotebook, notices: Notices, actions: PageActions): void {
  const button = (name: string) => find<HTMLButtonElement>(page, `[data-pg="${name}"]`);
  const starter = find<HTMLSelectElement>(page, '.pg-starter');
  const seed = find<HTMLInputElement>(page, '.pg-seed');
  const share = find<HTMLElement>(page, '.pg-share');
  const shareText = find<HTMLTextAreaElement>(share, '.pg-share-text');
  const shareNote = find<HTMLElement>(share, '.pg-share-note');

  button('open-starter').addEventListener('click', () => void actions.openStarter(starter.value));
  seed.addEventListener('change', () => {
    const value = Number(seed.value);
    if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
      notices.show(`The seed must be a whole number from 0 to 2147483647, not “${seed.value}”: it is still ${notebook.seed}.`, 'problem', [], 'seed');
      seed.value = String(notebook.seed);
      return;
    }
    notices.close('seed');
    void notebook.setSeed(value);
  });
  button('add-cell').addEventListener('click', () => void notebook.addCell());

  /** The notebook as a link fragment, at the tick the stage shows. */
  const fragment = async (): Promise<string> => {
    await notebook.ready();
    const { seed: s, cells, ops } = notebook.draft();
    return encodeNotebook({ seed: s, cells, ops, tick: actions.store.getSnapshot().context.tick });
  };
  const showShare = (title: string, label: string, text: string, note: string) => {
    find<HTMLElement>(share, '.pg-share-title').textContent = title;
    find<HTMLElement>(share, '.pg-share-label').textContent = label;
    shareText.value = text;
    shareNote.textContent = note;
    share.hidden = false;
    shareText.focus();
    shareText.select();
  };
  const playgroundUrl = (path: string, frag: string) => new URL(`${import.meta.env.BASE_URL}${path}#${frag}`, location.href).href;
  button('share').addEventListener('click', () => {
    void fragment().then((frag) => {
      const url = playgroundUrl('playground/', frag);
      showShare('Share link', 'Link', url, `${url.length.toLocaleString('en')} characters. The notebook travels inside the link; no server keeps it.`);
    });
  });
  button('embed').addEventListener('click', () => {
    void fragment().then((frag) => {
      const url = playgroundUrl('playground/embed/', frag);
      const snippet = `<iframe src="${url}" title="Streamlab: a Kafka scenario" width="100%" height="760" style="border:0" loading="lazy"></iframe>`;
      showShare('Embed', 'HTML to paste into your page', snippet, 'The frame shows these cells and the stage, with its controls.');
    });
  });
  button('copy').addEventListener('click', () => {
    navigator.clipboard.writeText(shareText.value).then(
      () => (shareNote.textContent = 'Copied.'),
      () => {
        shareText.select();
        shareNote.textContent = 'This browser would not copy it: the text is selected, copy it with Ctrl+C.';
      },
    );
  });
  button('close-share').addEventListener('click', () => {
    share.hidden = true;
    button('share').focus();
  });

  const script = async () => {
    await notebook.ready();
    return actions.client.script();
  };
  button('export-kafka').addEventListener('click', () => {
    void script().then((s) => {
      if (!s.ok) {
        notices.show(s.problem, 'problem', [], 'export');
        return;
      }
      downloadText('notebook.kafka', toKafkaScript(s, 'notebook.kafka'));
    });
  });
  button('export-mdx').addEventListener('click', () => {
    void script().then((s) => {
      const problem = s.ok ? lessonProblem(s) : s.problem;
      if (!s.ok || problem !== null) {
        notices.show(problem ?? '', 'problem', [], 'export');
        return;
      }
      downloadText('new-lesson.mdx', toLessonMdx(s), 'text/markdown');
    });
  });
  const file = find<HTMLInputElement>(page, '.pg-import-file');
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    if (chosen.size > IMPORT_BYTES) {
      notices.show(
        `“${chosen.name}” is ${chosen.size.toLocaleString('en')} bytes; the playground imports at most ${IMPORT_BYTES / 1024 / 1024} MiB. Nothing changed.`,
        'problem',
        [],
        'import',
      );
      return;
    }
    void chosen.text().then((text) => {
      const imported = fromKafkaScript(text);
      if (!imported.ok) {
        notices.show(`“${chosen.name}” was not imported: ${imported.problem} Nothing changed.`, 'problem', [], 'import');
        return;
      }
      return actions.open(
        { seed: notebook.seed, cells: imported.cells, ops: [] },
        `“${chosen.name}” is open (${imported.cells.length} cell${imported.cells.length === 1 ? '' : 's'}).`,
      );
    });
  });
}

const page = document.querySelector<HTMLElement>('[data-playground]');
const stageRoot = document.querySelector<HTMLElement>('lesson-stage[data-notebook="playground"]');
if (page && stageRoot) startPlayground(page, stageRoot);
