/**
 * The Sätteri plugin that turns every ` ```kafka ` fence of a lesson into a runnable cell
 * (`<kafka-cell>`, see cell-markup.ts), numbered in page order. Cells are built as Markdown AST
 * nodes that name their HTML element (`data.hName`), which both `.md` and `.mdx` render, so the
 * fence never reaches the code highlighter (which has no `kafka` language).
 */
import type { MdastPluginEntry } from 'satteri';
import { cellMarkup, type CellElement } from './cell-markup.ts';

interface MarkupNode {
  type: string;
  value?: string;
  data?: { hName: string; hProperties: Record<string, string> };
  children?: MarkupNode[];
}

function toMarkdownAst(element: CellElement): MarkupNode {
  return {
    type: 'kafkaCellPart',
    data: { hName: element.tagName, hProperties: { ...element.properties } },
    children: element.children.map((child) => (typeof child === 'string' ? { type: 'text', value: child } : toMarkdownAst(child))),
  };
}

/** A plugin factory: each document numbers its cells from 0. */
export function kafkaFence(): MdastPluginEntry {
  return () => {
    let next = 0;
    return {
      name: 'streamlab-kafka-fence',
      code(node: { lang?: string | null; value: string }) {
        if (node.lang !== 'kafka') return undefined;
        return toMarkdownAst(cellMarkup(node.value, next++)) as never;
      },
    };
  };
}
