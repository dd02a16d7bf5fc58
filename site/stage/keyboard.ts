/**
 * The stage's keyboard shortcuts (listed in its help dialog). A key is a shortcut only where it
 * means nothing else: never while typing in a field, and Space or Enter never on a button.
 */
export type ShortcutEvent = 'togglePlay' | 'stepForward' | 'stepBack' | 'seekStart' | 'seekEnd' | 'faster' | 'slower' | 'toggleHelp';

/** What the focused element is, as far as shortcuts care. */
export type FocusKind = 'text' | 'button' | 'range' | 'other';

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
      return focus === 'button' ? null : 'togglePlay';
    case 'k':
    case 'K':
      return 'togglePlay';
    case 'ArrowRight':
      return focus === 'range' ? null : 'stepForward';
    case 'l':
    case 'L':
      return 'stepForward';
    case 'ArrowLeft':
      return focus === 'range' ? null : 'stepBack';
    case 'j':
    case 'J':
      return 'stepBack';
    case 'Home':
      return focus === 'range' ? null : 'seekStart';
    case 'End':
      return focus === 'range' ? null : 'seekEnd';
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
  return 'other';
}
