import { describe, expect, it } from 'vitest';
import { cellMarkup, type CellElement } from '../../site/markdown/cell-markup.ts';

const text = (node: CellElement | string): string => (typeof node === 'string' ? node : node.children.map(text).join(''));
const find = (node: CellElement, predicate: (e: CellElement) => boolean): CellElement[] => {
  const out: CellElement[] = predicate(node) ? [node] : [];
  for (const child of node.children) if (typeof child !== 'string') out.push(...find(child, predicate));
  return out;
};
const byClass = (node: CellElement, cls: string) => find(node, (e) => (e.properties['class'] ?? '').split(' ').includes(cls));

describe('a cell’s static markup', () => {
  it('keeps the cell’s exact text for the page to run, numbers it, and starts with a disabled Run button', () => {
    const code = '$ kafka-topics --create --topic orders\nCreated topic orders.';
    const cell = cellMarkup(code, 2);
    expect(cell.tagName).toBe('kafka-cell');
    expect(cell.properties).toMatchObject({ 'data-cell': '2', 'data-code': code });
    const [button] = find(cell, (e) => e.tagName === 'button');
    expect(button && text(button)).toBe('Run');
    expect(button?.properties['disabled']).toBe('');
    expect(byClass(cell, 'cell-label').map(text)).toEqual(['Cell 3']);
  });

  it('puts each transcript command’s expected output in its own step slot', () => {
    const cell = cellMarkup('# setup\n$ kafka-topics --list\norders\npayments\n$ sim tick 2\ntick 2\n', 0);
    const slots = byClass(cell, 'step-out');
    expect(slots.map((s) => s.properties['data-step'])).toEqual(['0', '1']);
    expect(slots.map((s) => s.children.map(text))).toEqual([['orders', 'payments'], ['tick 2']]);
    expect(slots.every((s) => s.properties['data-expected'] === 'true')).toBe(true);
    // Command lines keep their cell line numbers, so an error can be marked on its line.
    expect(byClass(cell, 'l-command').map((l) => l.properties['data-line'])).toEqual(['1', '2', '5']);
  });

  it('gives a plain script one empty output slot after its code', () => {
    const cell = cellMarkup('kafka-topics --create --topic t\nsim tick\n', 0);
    const slots = byClass(cell, 'step-out');
    expect(slots).toHaveLength(1);
    expect(slots[0]?.children).toEqual([]);
    expect(slots[0]?.properties['data-expected']).toBeUndefined();
    expect(byClass(cell, 'line').map(text)).toEqual(['kafka-topics --create --topic t', 'sim tick']);
  });

  it('keeps heredoc lines with their command, not as output', () => {
    const cell = cellMarkup('$ kafka-console-producer --topic t <<EOF\na\nEOF\n$ sim tick\ntick 3', 0);
    expect(byClass(cell, 'l-heredoc').map(text)).toEqual(['a', 'EOF']);
    expect(byClass(cell, 'step-out').map((s) => s.children.map(text))).toEqual([[], ['tick 3']]);
  });

  it('renders markup-looking text as text (the fence plugin never emits raw HTML)', () => {
    const cell = cellMarkup('$ sim tick\n<script>alert(1)</script>', 0);
    expect(find(cell, (e) => e.tagName === 'script')).toEqual([]);
    expect(byClass(cell, 'step-out').map((s) => s.children.map(text))).toEqual([['<script>alert(1)</script>']]);
  });
});
