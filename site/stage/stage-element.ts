/**
 * `<lesson-stage>`: starts a stage on the page. In a lesson it takes the page's `<kafka-cell>`s as
 * its notebook (their Run buttons drive it); on the home page (`data-mode="mini"`) it runs its own
 * small scenario and plays it. The engine runs in a Web Worker (kernel/engine.worker.ts).
 */
import { CellElement } from './cells/cell-element.ts';
import { EngineClient } from './engine-client.ts';
import { fingerprint, loadProgress, PROGRESS_PROBLEMS } from './progress.ts';
import { StageController } from './stage-controller.ts';
import { findStageDom } from './stage-dom.ts';
import { createStageStore } from './store.ts';
import { announceWatches, hitsInPageOrder, pageWatches } from '../course/watch-bridge.ts';
import { addPlaygroundLinks } from '../playground/open-in-playground.ts';

function startStage(root: HTMLElement): void {
  const mode = root.dataset['mode'] === 'mini' ? 'mini' : 'lesson';
  const seed = Number(root.dataset['seed'] ?? '1');
  const dom = findStageDom(root);
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  let cells: CellElement[] = [];
  let texts: string[];
  // The cells call into the store, which exists only after the cells are counted.
  let onRun = (_index: number): void => undefined;
  if (mode === 'lesson') {
    cells = [...document.querySelectorAll<HTMLElement>('kafka-cell')].map((el) => new CellElement(el, (i) => onRun(i)));
    cells.sort((a, b) => a.index - b.index);
    texts = cells.map((c) => c.code);
    addPlaygroundLinks(cells, texts, seed);
  } else {
    texts = [root.dataset['scenario'] ?? ''];
  }
  const store = createStageStore(texts.length, reducedMotion);
  onRun = (index) => store.trigger.runCells({ upTo: index });
  // The page's guided steps wait on conditions the engine checks; tell them where the world is.
  const watches = mode === 'lesson' ? pageWatches() : [];
  if (watches.length > 0) {
    let told = '';
    store.subscribe(({ context }) => {
      const detail = { tick: context.tick, hits: hitsInPageOrder(watches, context.watchHits) };
      const key = JSON.stringify(detail);
      if (key === told) return;
      told = key;
      announceWatches(detail);
    });
  }
  const client = new EngineClient({
    seed,
    cells: texts,
    watches: watches.filter((w) => w !== null),
    spawn: () => new Worker(new URL('./kernel/engine.worker.ts', import.meta.url), { type: 'module', name: 'streamlab-engine' }),
  });
  const progress = mode === 'lesson' ? { storageKey: `streamlab:progress:${location.pathname}`, fingerprint: fingerprint(seed, texts) } : null;
  const controller = new StageController(dom, store, client, cells, { mode, progress });
  const saved = progress ? loadProgress(progress, texts.length) : { ops: [], problem: null };
  const notice = saved.problem === null ? null : PROGRESS_PROBLEMS[saved.problem];
  void controller.start(saved.ops, mode === 'mini', notice).then(() => {
    if (mode !== 'mini') return;
    // The home page plays its story at once; with reduced motion it shows how the story ends.
    store.trigger.runCells({ upTo: 0 });
    if (reducedMotion) {
      const unsubscribe = store.subscribe(({ context }) => {
        if (context.cells[0]?.status === 'ran') {
          unsubscribe.unsubscribe();
          store.trigger.seek({ tick: context.headTick });
        }
      });
    }
  });
}

class LessonStageElement extends HTMLElement {
  #started = false;

  connectedCallback(): void {
    // The stage moves next to the cell it plays on narrow screens: start it only once. The
    // playground starts its own (site/playground/playground-page.ts): its cells are editors.
    if (this.#started || this.dataset['notebook'] === 'playground') return;
    this.#started = true;
    startStage(this);
  }
}

if (!customElements.get('lesson-stage')) customElements.define('lesson-stage', LessonStageElement);
