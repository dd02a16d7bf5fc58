/**
 * The crash, restart and stop buttons of each consumer application. Each issues the same `sim`
 * command a cell would, so what the reader did is recorded and reproducible.
 */
import type { Scene, SceneConsumer } from '../protocol.ts';
import { setUnavailable } from './buttons.ts';
import { shellWord } from '../shell-word.ts';

export interface AppAction {
  /** The button's visible verb. */
  readonly label: 'Crash' | 'Restart' | 'Stop';
  /** The command it issues. */
  readonly command: string;
}

export interface AppControl {
  readonly name: string;
  /** The consumer's group, shown before its status; empty for a broker. */
  readonly group: string;
  /** How the application is doing, in words. */
  readonly status: string;
  readonly actions: readonly AppAction[];
}

function statusOf(c: SceneConsumer): string {
  switch (c.status) {
    case 'crashed':
      return 'down (crashed)';
    case 'stopped':
      return 'stopped';
    case 'stopping':
      return 'stopping';
    case 'running':
      return c.processing ? `processing ${c.processing.topic}-${c.processing.partition}@${c.processing.offset}` : c.phase;
  }
}

/** What each application can be told to do now: a running one can crash or stop, a dead one restart. */
export function appControls(scene: Scene): AppControl[] {
  return scene.consumers
    .filter((c) => !c.console)
    .map((c) => {
      const name = shellWord(c.name);
      const actions: AppAction[] =
        c.status === 'running'
          ? [
              { label: 'Crash', command: `sim crash ${name}` },
              { label: 'Stop', command: `sim consumer stop ${name}` },
            ]
          : c.status === 'stopping'
            ? [{ label: 'Crash', command: `sim crash ${name}` }]
            : [{ label: 'Restart', command: `sim restart ${name}` }];
      return { name: c.name, group: c.group, status: statusOf(c), actions };
    });
}

/** One `li` per application, kept across ticks (keyed by name): the list changes in place. */
function appItem(list: HTMLElement, name: string): HTMLLIElement {
  for (const li of list.children) if (li instanceof HTMLLIElement && li.dataset['app'] === name) return li;
  const li = document.createElement('li');
  li.className = 'stage-app';
  li.dataset['app'] = name;
  const label = document.createElement('span');
  label.className = 'stage-app-name';
  label.textContent = name;
  const detail = document.createElement('span');
  detail.className = 'stage-app-status';
  const buttons = document.createElement('span');
  buttons.className = 'stage-app-buttons';
  li.append(label, detail, buttons);
  return li;
}

/**
 * Brings the list up to date without rebuilding it: a button under the pointer or the focus stays
 * the same element while its application's status text changes every tick. When the focused
 * button goes (Crash became Restart), the focus moves to its application's first button.
 */
export function renderAppControls(list: HTMLElement, controls: readonly AppControl[], disabled: boolean, onAct: (command: string) => void): void {
  const active = document.activeElement;
  const focusedApp = active instanceof HTMLElement && list.contains(active) ? active.closest<HTMLElement>('li')?.dataset['app'] : undefined;
  const items = controls.map((app) => {
    const li = appItem(list, app.name);
    li.dataset['status'] = app.status.startsWith('down') ? 'down' : 'up';
    const detail = li.querySelector('.stage-app-status') as HTMLElement;
    const text = app.group ? `${app.group} · ${app.status}` : app.status;
    if (detail.textContent !== text) detail.textContent = text;
    const box = li.querySelector('.stage-app-buttons') as HTMLElement;
    const buttons = app.actions.map((action) => {
      let button = [...box.children].find((b): b is HTMLButtonElement => b instanceof HTMLButtonElement && b.dataset['command'] === action.command);
      if (!button) {
        button = document.createElement('button');
        button.type = 'button';
        button.className = 'stage-button small';
        button.textContent = action.label;
        button.setAttribute('aria-label', `${action.label} ${app.name}`);
        button.dataset['command'] = action.command;
        const command = action.command;
        button.addEventListener('click', () => onAct(command));
      }
      setUnavailable(button, disabled);
      return button;
    });
    if (buttons.length !== box.children.length || buttons.some((b, i) => box.children[i] !== b)) box.replaceChildren(...buttons);
    return li;
  });
  if (items.length !== list.children.length || items.some((li, i) => list.children[i] !== li)) list.replaceChildren(...items);
  if (focusedApp !== undefined && !list.contains(document.activeElement)) {
    const next = [...list.children].find((li): li is HTMLElement => li instanceof HTMLElement && li.dataset['app'] === focusedApp);
    next?.querySelector<HTMLButtonElement>('button')?.focus();
  }
}
