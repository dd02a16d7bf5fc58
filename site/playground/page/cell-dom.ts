/**
 * A lesson cell's markup (site/markdown/cell-markup.ts, the tree the Markdown plugin renders at
 * build time) made into DOM at run time, for cells that arrive with a link (the embed page). Names
 * and attributes come from the markup code; every text, the cell's own included, is set as text
 * or as an attribute value, never parsed as HTML.
 */
import type { CellElement as CellMarkup } from '../../markdown/cell-markup.ts';

export function cellDom(markup: CellMarkup): HTMLElement {
  const element = document.createElement(markup.tagName);
  for (const [name, value] of Object.entries(markup.properties)) element.setAttribute(name, value);
  element.append(...markup.children.map((child) => (typeof child === 'string' ? document.createTextNode(child) : cellDom(child))));
  return element;
}
