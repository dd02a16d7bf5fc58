/**
 * `<wait-for>`: a guided step whose narration waits on the world, not on a timer. Its condition
 * (an engine event kind and fields, see site/stage/kernel/watches.ts) is sent to the engine with
 * the page's cells; the stage reports, with every tick it shows, the first tick each condition
 * was met. The step's text appears once the shown tick reaches that tick, and hides again when
 * the reader scrubs back before it, so the narration always matches the drawn world.
 */
import { WATCHES_EVENT, type WatchesDetail } from './watch-bridge.ts';

class WaitForElement extends HTMLElement {
  #listening = false;
  readonly #onWatches = (event: Event): void => {
    const { tick, hits } = (event as CustomEvent<WatchesDetail>).detail;
    const index = [...document.querySelectorAll('wait-for')].indexOf(this);
    const hit = hits[index] ?? null;
    this.#show(hit !== null && tick >= hit, hit);
  };

  connectedCallback(): void {
    if (this.#listening) return;
    this.#listening = true;
    // Until the stage reports, the step waits (with scripts off the text simply shows: no attribute).
    this.#show(false, null);
    document.addEventListener(WATCHES_EVENT, this.#onWatches);
  }

  disconnectedCallback(): void {
    this.#listening = false;
    document.removeEventListener(WATCHES_EVENT, this.#onWatches);
  }

  #show(reached: boolean, hit: number | null): void {
    const state = reached ? 'reached' : 'waiting';
    if (this.dataset['state'] === state) return;
    this.dataset['state'] = state;
    const body = this.querySelector<HTMLElement>('.wait-for-body');
    const status = this.querySelector<HTMLElement>('.wait-for-status');
    if (body) body.hidden = !reached;
    if (status) {
      const until = this.dataset['until'] ?? 'the world reaches this point';
      status.textContent = reached
        ? `Reached at tick ${hit ?? 0}: ${until}.`
        : `Waiting for the world: continue once ${until}. Run the cells above and play the stage.`;
    }
  }
}

if (!customElements.get('wait-for')) customElements.define('wait-for', WaitForElement);
