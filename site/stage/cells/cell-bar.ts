/** A cell's bar after the store changed: its status sentence, and Run or Replay on its button (lesson and playground cells alike). */
import type { CellView } from '../store.ts';
import { cellSummary } from './cell-output.ts';

export function showCellBar(element: HTMLElement, status: HTMLElement, button: HTMLButtonElement, view: CellView, hasTranscript: boolean): void {
  element.dataset['status'] = view.status;
  status.textContent = cellSummary(view.status, view.result, hasTranscript);
  const ran = (view.status === 'ran' || view.status === 'cut') && view.result !== null;
  button.textContent = ran ? 'Replay' : 'Run';
  button.dataset['state'] = ran ? 'ran' : 'idle';
}
