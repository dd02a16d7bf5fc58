/**
 * The embed page (site/pages/playground/embed.astro): the notebook a share link carries, shown as
 * a lesson shows its cells (read-only, each with its Run button) beside the stage, replayed to the
 * tick the link names. The link is checked exactly as the playground checks it (share-link.ts);
 * a refused link shows why, and nothing of it runs.
 */
import { EngineClient } from '../stage/engine-client.ts';
import { CellElement } from '../stage/cells/cell-element.ts';
import { StageController } from '../stage/stage-controller.ts';
import { findStageDom } from '../stage/stage-dom.ts';
import { createStageStore } from '../stage/store.ts';
import { cellMarkup } from '../markdown/cell-markup.ts';
import { cellDom } from './page/cell-dom.ts';
import { decodeNotebook } from './share-link.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function startEmbed(page: HTMLElement, stageRoot: HTMLElement): Promise<void> {
  const summary = page.querySelector<HTMLElement>('.pg-embed-summary');
  const problem = page.querySelector<HTMLElement>('.pg-embed-problem');
  const open = page.querySelector<HTMLAnchorElement>('.pg-embed-open');
  const host = page.querySelector<HTMLElement>('.pg-embed-cells');
  if (!summary || !problem || !open || !host) return;
  const decoded = await decodeNotebook(location.hash);
  if (!decoded.ok) {
    summary.textContent = 'No scenario to show.';
    problem.textContent = `${decoded.problem} Nothing from it was run.`;
    problem.hidden = false;
    // Nothing to show: no empty stage either.
    stageRoot.closest('.lesson-grid')?.remove();
    return;
  }
  const { notebook, otherEngine } = decoded;
  open.href = `${open.href.split('#')[0]}${location.hash}`;
  const ops = otherEngine ? [] : notebook.ops;
  summary.textContent = `${plural(notebook.cells.length, 'cell')} on a simulated Kafka world (seed ${notebook.seed}).${
    otherEngine ? ` Made by Streamlab's engine ${notebook.engine}, so its steps were not replayed: run the cells.` : ''
  }`;
  const store = createStageStore(notebook.cells.length, matchMedia('(prefers-reduced-motion: reduce)').matches);
  const cells = notebook.cells.map((text, i) => {
    const element = cellDom(cellMarkup(text, i));
    host.append(element);
    return new CellElement(element, (index) => store.trigger.runCells({ upTo: index }));
  });
  const client = new EngineClient({
    seed: notebook.seed,
    cells: notebook.cells,
    spawn: () => new Worker(new URL('../stage/kernel/engine.worker.ts', import.meta.url), { type: 'module', name: 'streamlab-engine' }),
  });
  const controller = new StageController(findStageDom(stageRoot), store, client, cells, {
    mode: 'lesson',
    progress: null,
    restoreWords: {
      done: (n) => `The scenario is replayed (${plural(n, 'step')}): play it, step through it, or act on the stage.`,
      cancelled: 'Replaying the scenario was cancelled: the world is as far as it got.',
      failed: (why) => `The scenario's steps could not be replayed (${why}): run its cells.`,
    },
  });
  await controller.start(ops);
  if (!otherEngine && notebook.tick !== undefined) store.trigger.seek({ tick: notebook.tick });
}

const page = document.querySelector<HTMLElement>('[data-embed]');
const stageRoot = document.querySelector<HTMLElement>('lesson-stage[data-notebook="playground"]');
if (page && stageRoot) void startEmbed(page, stageRoot);
