/**
 * The stage's keyboard shortcuts (listed in its help dialog). A key is a shortcut only where it
 * means nothing else: never while typing in a field, and Space or Enter never on a button.
 */
export type ShortcutEvent = 'togglePlay' | 'stepForward' | 'stepBack' | 'seekStart' | 'seekEnd' | 'faster' | 'slower' | 'toggleHelp';

/** What the focused element is, as far as shortcuts care: a `scroller` is a focusable region that scrolls (a cell's terminal, the state table), whose arrows and Space are its own. */
export type FocusKind = 'text' | 'button' | 'range' | 'scroller' | 'other';

export interface KeyPress {
  readonly key: string;
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly meta: boolean;
}

export function shortcutFor(press: KeyPress, focus: FocusKind): ShortcutEvent | null {
  if (press.ctrl || press.alt || press.meta || focus === 'text') return null;
  switch (press.key) {
    case ' ':
      return focus === 'button' || focus === 'scroller' ? null : 'togglePlay';
    case 'k':
    case 'K':
      return 'togglePlay';
    case 'ArrowRight':
      return focus === 'range' || focus === 'scroller' ? null : 'stepForward';
    case 'l':
    case 'L':
      return 'stepForward';
    case 'ArrowLeft':
      return focus === 'range' || focus === 'scroller' ? null : 'stepBack';
    case 'j':
    case 'J':
      return 'stepBack';
    case 'Home':
      return focus === 'range' || focus === 'scroller' ? null : 'seekStart';
    case 'End':
      return focus === 'range' || focus === 'scroller' ? null : 'seekEnd';
    case '+':
    case '=':
      return 'faster';
    case '-':
    case '_':
      return 'slower';
    case '?':
      return 'toggleHelp';
    default:
      return null;
  }
}

/** Classifies the element that has the focus. */
export function focusKind(element: Element | null): FocusKind {
  if (!element) return 'other';
  if (element instanceof HTMLInputElement) return element.type === 'range' ? 'range' : 'text';
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return 'text';
  if (element instanceof HTMLElement && element.isContentEditable) return 'text';
  if (element instanceof HTMLButtonElement || element instanceof HTMLAnchorElement || element.tagName === 'SUMMARY') return 'button';
  // Regions made focusable so they can be scrolled from the keyboard.
  if (element instanceof HTMLElement && element.tabIndex >= 0 && element.getAttribute('tabindex') !== null) return 'scroller';
  return 'other';
}
