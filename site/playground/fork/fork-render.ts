/**
 * Renders the fork panel's lists and table from data. Every word from the reader's world (group
 * names, commands, labels) goes in with textContent. Lists are rebuilt whole (they are small);
 * the control that had the focus is found again by its value and focused, so the keyboard keeps
 * its place.
 */
import { childrenOf, type ForkNode, type ForkTree } from './fork-tree.ts';
import { figureText, MEASURES, type SceneDiff } from './fork-diff.ts';
import type { SuggestedChange } from './fork-changes.ts';

function option(value: string, text: string, selected = false): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = selected;
  return o;
}

/** The suggested changes, after an option that picks none. */
export function renderPicker(select: HTMLSelectElement, changes: readonly SuggestedChange[]): void {
  const chosen = select.value;
  const options = [option('', changes.length > 0 ? 'Pick one, or type a command below' : 'None here: type a command below')];
  for (const c of changes) options.push(option(c.command, c.label, c.command === chosen));
  select.replaceChildren(...options);
}

/** Every world but `shown`, for the left side; the first option means its parent. */
export function renderCompareWith(select: HTMLSelectElement, tree: ForkTree, shown: ForkNode): void {
  const parent = shown.parent === null ? 'nothing (show it alone)' : `its parent (${tree.nodes[shown.parent]?.name ?? 'gone'})`;
  const options = [option('', parent, tree.against === null)];
  for (const node of tree.nodes) if (node.id !== shown.id) options.push(option(String(node.id), node.label, tree.against === node.id));
  select.replaceChildren(...options);
}

/** The worlds as a nested list of buttons, children under their parent; the shown one is aria-current. */
export function renderTree(list: HTMLUListElement, tree: ForkTree): void {
  const focused = list.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset['node'] : undefined;
  const items = (parent: number | null): HTMLLIElement[] =>
    childrenOf(tree, parent).map((node) => {
      const item = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fork-node';
      b.dataset['node'] = String(node.id);
      b.textContent = node.label;
      if (node.id === tree.selected) b.setAttribute('aria-current', 'true');
      item.append(b);
      const children = items(node.id);
      if (children.length > 0) {
        const sub = document.createElement('ul');
        sub.append(...children);
        item.append(sub);
      }
      return item;
    });
  list.replaceChildren(...items(null));
  if (focused !== undefined) list.querySelector<HTMLButtonElement>(`button[data-node="${focused}"]`)?.focus();
}

/** One row per group and measure: both values and, in words, whether they differ. */
export function renderDiff(body: HTMLTableSectionElement, diff: SceneDiff): void {
  const rows = diff.groups.flatMap((g) =>
    MEASURES.map((measure) => {
      const row = document.createElement('tr');
      const differs = g.differs.includes(measure);
      if (differs) row.className = 'differs';
      const head = document.createElement('th');
      head.scope = 'row';
      const group = document.createElement('span');
      group.className = 'fork-group';
      group.textContent = g.group;
      head.append(group, ` ${measure}`);
      const cells = [figureText(g.left, measure), figureText(g.right, measure), differs ? 'differs' : 'same'].map((text) => {
        const cell = document.createElement('td');
        cell.textContent = text;
        return cell;
      });
      row.append(head, ...cells);
      return row;
    }),
  );
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 4;
    cell.textContent = 'Neither world has a consumer group yet.';
    row.append(cell);
    rows.push(row);
  }
  body.replaceChildren(...rows);
}
