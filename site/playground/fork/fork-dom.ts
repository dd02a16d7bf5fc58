/**
 * The fork panel's markup, built once with createElement and fixed words only: everything that
 * comes from the reader's data (names, commands, output) is set later with textContent, never
 * parsed as HTML.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** One side of the comparison: a caption naming its world, and its drawing. */
export interface WorldFigure {
  readonly figure: HTMLElement;
  readonly caption: HTMLElement;
  readonly canvas: HTMLElement;
  readonly svg: SVGSVGElement;
}

/** The parts of a mounted fork panel. */
export interface ForkDom {
  readonly root: HTMLElement;
  readonly copy: HTMLButtonElement;
  readonly form: HTMLFormElement;
  readonly legend: HTMLElement;
  readonly picker: HTMLSelectElement;
  readonly input: HTMLInputElement;
  readonly submit: HTMLButtonElement;
  /** Why the last change was not made (role=alert; the input is described by it). */
  readonly error: HTMLElement;
  readonly body: HTMLElement;
  /** Engine failures (role=alert). */
  readonly failure: HTMLElement;
  readonly compareWith: HTMLSelectElement;
  readonly worlds: HTMLElement;
  readonly left: WorldFigure;
  readonly right: WorldFigure;
  readonly back: HTMLButtonElement;
  readonly forward: HTMLButtonElement;
  readonly readout: HTMLElement;
  /** What the last change printed. */
  readonly note: HTMLElement;
  readonly tableWrap: HTMLElement;
  readonly caption: HTMLElement;
  readonly leftHeading: HTMLElement;
  readonly rightHeading: HTMLElement;
  readonly tableBody: HTMLTableSectionElement;
  readonly single: HTMLElement;
  readonly tree: HTMLUListElement;
  readonly status: HTMLElement;
  readonly announcer: HTMLElement;
}

let mounted = 0;

/** `tag` with a class and fixed text. */
function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
}

function button(className: string, text: string, type: 'button' | 'submit' = 'button'): HTMLButtonElement {
  const b = make('button', `stage-button ${className}`, text);
  b.type = type;
  return b;
}

/** A labelled control in its own row. */
function field(id: string, label: string, control: HTMLSelectElement | HTMLInputElement): HTMLElement {
  const wrap = make('div', 'fork-field');
  const l = make('label', '', label);
  l.htmlFor = id;
  control.id = id;
  wrap.append(l, control);
  return wrap;
}

function worldFigure(side: 'left' | 'right'): WorldFigure {
  const figure = make('figure', 'fork-world');
  figure.dataset['side'] = side;
  const caption = make('figcaption', 'fork-world-caption');
  const canvas = make('div', 'fork-canvas');
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'fork-drawing');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'The drawing is loading');
  canvas.append(svg);
  figure.append(caption, canvas);
  return { figure, caption, canvas, svg };
}

/** Builds the panel inside `container` and returns its parts. */
export function buildForkDom(container: HTMLElement): ForkDom {
  const n = ++mounted;
  const id = (part: string) => `streamlab-fork-${n}-${part}`;
  // not-content: Starlight's opt-out from its page-content spacing; the panel lays itself out.
  const root = make('section', 'fork-view not-content');
  root.setAttribute('aria-labelledby', id('title'));
  const title = make('h2', 'fork-title', 'What-if fork');
  title.id = id('title');
  const intro = make(
    'p',
    'fork-intro',
    'Copy the notebook’s world at the tick its stage shows, change one thing, and step both worlds together to compare what differs.',
  );
  const copy = button('fork-copy', 'Copy the notebook’s world');

  const form = make('form', 'fork-form');
  form.hidden = true;
  form.noValidate = true;
  const fieldset = make('fieldset', 'fork-fieldset');
  const legend = make('legend', 'fork-legend');
  const picker = make('select', 'fork-picker');
  const input = make('input', 'fork-input');
  input.type = 'text';
  input.maxLength = 300;
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('autocapitalize', 'off');
  const error = make('pre', 'fork-error');
  error.id = id('error');
  error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', error.id);
  const submit = button('fork-submit', 'Fork', 'submit');
  fieldset.append(legend, field(id('picker'), 'Suggested change', picker), field(id('input'), 'The change: one command', input), submit, error);
  form.append(fieldset);

  const body = make('div', 'fork-body');
  body.hidden = true;
  const failure = make('p', 'fork-failure');
  failure.setAttribute('role', 'alert');
  const compareWith = make('select', 'fork-compare');
  const compareField = field(id('compare'), 'Compare with', compareWith);
  compareField.classList.add('fork-compare-field');
  const worlds = make('div', 'fork-worlds');
  const left = worldFigure('left');
  const right = worldFigure('right');
  worlds.append(left.figure, right.figure);

  const clock = make('div', 'fork-clock');
  clock.setAttribute('role', 'group');
  clock.setAttribute('aria-label', 'Clock of the worlds shown');
  const back = button('fork-back', 'Step both back');
  const readout = make('span', 'fork-readout');
  const forward = button('fork-forward', 'Step both forward');
  clock.append(back, readout, forward);
  const note = make('p', 'fork-note');

  const tableWrap = make('div', 'fork-table-wrap');
  tableWrap.tabIndex = 0;
  tableWrap.setAttribute('role', 'group');
  tableWrap.setAttribute('aria-label', 'What differs');
  const table = make('table', 'fork-diff');
  const caption = make('caption', 'fork-diff-caption');
  const headRow = make('tr', '');
  const leftHeading = make('th', '');
  const rightHeading = make('th', '');
  const headings = [make('th', '', 'Group and measure'), leftHeading, rightHeading, make('th', '', 'Compared')];
  for (const h of headings) h.scope = 'col';
  headRow.append(...headings);
  const thead = make('thead', '');
  thead.append(headRow);
  const tableBody = make('tbody', '');
  table.append(caption, thead, tableBody);
  tableWrap.append(table);
  const single = make('p', 'fork-single', 'Pick a change above and press Fork: the new world appears beside this one, with a table of what differs.');

  const treeTitle = make('h3', 'fork-tree-title', 'Worlds');
  treeTitle.id = id('tree');
  const tree = make('ul', 'fork-tree');
  tree.setAttribute('aria-labelledby', treeTitle.id);
  body.append(failure, compareField, worlds, clock, note, tableWrap, single, treeTitle, tree);

  const status = make('p', 'fork-status');
  const announcer = make('p', 'fork-sr-only');
  announcer.setAttribute('aria-live', 'polite');
  announcer.setAttribute('aria-atomic', 'true');
  root.append(title, intro, copy, form, body, status, announcer);
  container.append(root);
  return {
    root,
    copy,
    form,
    legend,
    picker,
    input,
    submit,
    error,
    body,
    failure,
    compareWith,
    worlds,
    left,
    right,
    back,
    forward,
    readout,
    note,
    tableWrap,
    caption,
    leftHeading,
    rightHeading,
    tableBody,
    single,
    tree,
    status,
    announcer,
  };
}
