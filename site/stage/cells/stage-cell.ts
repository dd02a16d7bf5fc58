import type { CellView } from '../store.ts';

/**
 * What the stage needs of a cell on its page: a lesson's `<kafka-cell>` (cell-element.ts), or a
 * playground cell with an editor (site/playground/). The stage renders each from the store and
 * follows the active one on narrow screens.
 */
export interface StageCell {
  readonly element: HTMLElement;
  /** Whether the cell is a transcript (its expected output shows until it runs). */
  readonly hasTranscript: boolean;
  render(view: CellView): void;
  /** Marks the Run button unavailable while the engine loads or is busy. */
  setEnabled(enabled: boolean): void;
  setActive(active: boolean): void;
}
