/**
 * The crash, restart and stop buttons of each consumer application. Each issues the same `sim`
 * command a cell would, so what the reader did is recorded and reproducible.
 */
import type { Scene, SceneConsumer } from '../protocol.ts';

export interface AppAction {
  /** The button's visible verb. */
  readonly label: 'Crash' | 'Restart' | 'Stop';
  /** The command it issues. */
  readonly command: string;
}

export interface AppControl {
  readonly name: string;
  readonly group: string;
  /** How the application is doing, in words. */
  readonly status: string;
  readonly actions: readonly AppAction[];
}

/** Shell words are quoted when they need to be, so the command parses back to the same name. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._:@%+=,/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
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

/** Renders the list; `onAct` receives the command of the button pressed. */
export function renderAppControls(list: HTMLElement, controls: readonly AppControl[], disabled: boolean, onAct: (command: string) => void): void {
  const focused = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement.dataset['command'] : undefined;
  list.replaceChildren(
    ...controls.map((app) => {
      const li = document.createElement('li');
      li.className = 'stage-app';
      li.dataset['status'] = app.status.startsWith('down') ? 'down' : 'up';
      const name = document.createElement('span');
      name.className = 'stage-app-name';
      name.textContent = app.name;
      const detail = document.createElement('span');
      detail.className = 'stage-app-status';
      detail.textContent = `${app.group} · ${app.status}`;
      const buttons = document.createElement('span');
      buttons.className = 'stage-app-buttons';
      for (const action of app.actions) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'stage-button small';
        button.textContent = action.label;
        button.setAttribute('aria-label', `${action.label} ${app.name}`);
        button.dataset['command'] = action.command;
        button.disabled = disabled;
        button.addEventListener('click', () => onAct(action.command));
        buttons.append(button);
      }
      li.append(name, detail, buttons);
      return li;
    }),
  );
  // Re-rendering must not drop the keyboard user's place.
  if (focused) list.querySelector<HTMLElement>(`[data-command="${CSS.escape(focused)}"]`)?.focus();
}
