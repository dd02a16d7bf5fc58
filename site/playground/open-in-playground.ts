/**
 * "Open in playground" on every lesson cell: a link to the playground carrying the lesson's seed
 * and its cells up to that one, each run once (so the playground opens on the world the reader
 * saw after running that cell). The notebook travels in the fragment, as a share link does
 * (share-encode.ts; no schema code comes to lesson pages, the playground checks the link).
 */
import type { NotebookOp } from '../stage/protocol.ts';
import { encodeNotebook } from './share-encode.ts';

export function addPlaygroundLinks(cells: readonly { readonly element: HTMLElement }[], texts: readonly string[], seed: number): void {
  const base = new URL(`${import.meta.env.BASE_URL}playground/`, location.href).href;
  cells.forEach((cell, i) => {
    const bar = cell.element.querySelector('.cell-bar');
    if (!bar) return;
    const link = document.createElement('a');
    link.className = 'cell-playground';
    link.href = base;
    link.textContent = 'Open in playground';
    // The visible words first (speech input users say what they see), then what it carries.
    link.setAttribute('aria-label', i === 0 ? 'Open in playground: cell 1' : `Open in playground: cells 1 to ${i + 1}`);
    let filled: Promise<void> | null = null;
    // Compressed when the reader reaches for it, not for every cell when the page loads.
    const fill = () => {
      const ops: NotebookOp[] = texts.slice(0, i + 1).map((_, cellIndex) => ({ op: 'cell', cell: cellIndex }));
      filled ??= encodeNotebook({ seed, cells: texts.slice(0, i + 1), ops }).then((fragment) => {
        link.href = `${base}#${fragment}`;
      });
      return filled;
    };
    link.addEventListener('pointerenter', () => void fill(), { once: true });
    link.addEventListener('focus', () => void fill(), { once: true });
    link.addEventListener('click', (event) => {
      if (link.href.includes('#')) return;
      event.preventDefault();
      void fill().then(() => location.assign(link.href));
    });
    bar.insertBefore(link, bar.querySelector('.cell-run'));
  });
}
