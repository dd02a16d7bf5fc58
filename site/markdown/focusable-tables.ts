/**
 * A Sätteri hast plugin: Markdown tables get `tabindex="0"`. Starlight lets a wide table scroll
 * sideways inside the page on a narrow screen; a region that scrolls must be reachable from the
 * keyboard (WCAG 2.1.1, axe's scrollable-region-focusable), or its right-hand columns are not.
 */
import type { HastPluginEntry } from 'satteri';

export function focusableTables(): HastPluginEntry {
  return {
    name: 'streamlab-focusable-tables',
    element: {
      filter: ['table'],
      visit(node, ctx) {
        if (node.properties && 'tabIndex' in node.properties) return;
        ctx.setProperty(node, 'tabIndex', 0);
      },
    },
  };
}
