/** Filling a table body with rows of text, each row's first cell its header: what every table beside the stage does. */

/** Replaces the body's rows with `cells` (text only), unless it already shows exactly these. */
export function renderRows(body: HTMLTableSectionElement, cells: readonly (readonly string[])[]): void {
  const text = JSON.stringify(cells);
  if (body.dataset['cells'] === text) return;
  body.dataset['cells'] = text;
  body.replaceChildren(
    ...cells.map((row) => {
      const tr = document.createElement('tr');
      row.forEach((value, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) cell.setAttribute('scope', 'row');
        cell.textContent = value;
        tr.append(cell);
      });
      return tr;
    }),
  );
}
