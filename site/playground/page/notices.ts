/**
 * The playground's notices: what happened that the reader should know (a save that could not be
 * read, a link that was refused, a notebook that was replaced), each with the buttons that act on
 * it. They sit in one polite live region; every text is set as text, so a hostile link's words
 * can only ever be shown, never run.
 */
export interface NoticeAction {
  readonly label: string;
  /** Returns true to close the notice afterwards. */
  readonly act: () => boolean | void;
}

export type NoticeKind = 'info' | 'problem';

export class Notices {
  readonly #region: HTMLElement;

  constructor(region: HTMLElement) {
    this.#region = region;
  }

  /** Shows a notice; `key` replaces an earlier notice with the same key. Returns its element. */
  show(text: string, kind: NoticeKind = 'info', actions: readonly NoticeAction[] = [], key: string | null = null): HTMLElement {
    if (key !== null) this.close(key);
    const notice = document.createElement('div');
    notice.className = 'pg-notice';
    notice.dataset['kind'] = kind;
    if (key !== null) notice.dataset['key'] = key;
    const p = document.createElement('p');
    p.textContent = text;
    const row = document.createElement('div');
    row.className = 'pg-action-row';
    for (const action of [...actions, { label: 'Dismiss', act: () => true }]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'stage-button pg-button';
      b.textContent = action.label;
      b.addEventListener('click', () => {
        if (action.act() === true) this.#remove(notice);
      });
      row.append(b);
    }
    notice.append(p, row);
    this.#region.append(notice);
    return notice;
  }

  close(key: string): void {
    for (const el of this.#region.querySelectorAll<HTMLElement>('.pg-notice')) if (el.dataset['key'] === key) el.remove();
  }

  /** Removes a notice, keeping the keyboard focus on the page (not lost to <body>). */
  #remove(notice: HTMLElement): void {
    const hadFocus = notice.contains(document.activeElement);
    notice.remove();
    if (hadFocus) this.#region.closest<HTMLElement>('[data-playground]')?.querySelector<HTMLElement>('.pg-starter')?.focus();
  }
}
