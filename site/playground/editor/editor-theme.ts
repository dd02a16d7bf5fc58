/**
 * The cell editor's look: the same monospace text, size and colours as a lesson cell's terminal,
 * so a cell typed in the playground reads like one in a lesson.
 *
 * Every colour is a variable from editor.css, which sets light and dark values; this theme only
 * says where each applies. It is a CodeMirror theme rather than rules in editor.css because
 * CodeMirror's own base styles (the blue active completion, the red squiggle image, the light grey
 * tooltip) are scoped to its generated classes and injected after the page's stylesheets; a
 * theme's rules are scoped the same way and always win over the base ones.
 */
import { EditorView } from '@codemirror/view';

export const cellEditorTheme = EditorView.theme({
  '&': {
    color: 'var(--pg-fg)',
    backgroundColor: 'var(--pg-bg)',
    border: '1px solid var(--pg-border)',
    borderRadius: '0.35rem',
  },
  '&.cm-focused': {
    outline: '2px solid var(--pg-focus)',
    outlineOffset: '-1px',
  },
  '.cm-scroller': {
    fontFamily: 'var(--pg-font-mono)',
    fontSize: 'var(--pg-font-size)',
    lineHeight: '1.5',
  },
  '.cm-content': {
    padding: '0.6rem 0',
    caretColor: 'var(--pg-fg)',
  },
  '.cm-line': {
    padding: '0 0.75rem 0 0.5rem',
  },
  '.cm-cursor, .cm-dropCursor': {
    borderLeftColor: 'var(--pg-fg)',
  },
  '.cm-activeLine': {
    backgroundColor: 'var(--pg-active-line)',
  },
  // The browser's own selection (the editor does not draw one), and CodeMirror's if it ever does.
  '.cm-content ::selection, .cm-line::selection': {
    backgroundColor: 'var(--pg-selection)',
  },
  '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': {
    background: 'var(--pg-selection)',
  },
  '.cm-gutters': {
    color: 'var(--pg-gutter-fg)',
    backgroundColor: 'var(--pg-bg)',
    borderRight: '1px solid var(--pg-border)',
  },
  '.cm-activeLineGutter': {
    color: 'var(--pg-fg)',
    backgroundColor: 'var(--pg-active-line)',
  },
  // A wavy underline in the theme's error colour, in place of the fixed-colour image, which is
  // too faint on the dark background.
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--pg-error)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '0.2em',
  },
  '.cm-lintPoint-error:after': {
    borderBottomColor: 'var(--pg-error)',
  },
  '.cm-tooltip': {
    color: 'var(--pg-fg)',
    backgroundColor: 'var(--pg-tooltip-bg)',
    border: '1px solid var(--pg-border)',
    borderRadius: '0.35rem',
    fontFamily: 'var(--pg-font-mono)',
    fontSize: 'var(--pg-font-size)',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': {
    padding: '0.1rem 0.6rem',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    color: 'var(--pg-fg)',
    background: 'var(--pg-option-selected)',
  },
  '.cm-completionMatchedText': {
    textDecoration: 'none',
    fontWeight: '700',
  },
  '.cm-diagnostic': {
    whiteSpace: 'pre-wrap',
  },
  '.cm-diagnostic-error': {
    borderLeftColor: 'var(--pg-error)',
  },
  // The list of problems (Mod-Shift-m): a screen reader's way through them.
  '.cm-panels': {
    color: 'var(--pg-fg)',
    backgroundColor: 'var(--pg-tooltip-bg)',
  },
  '.cm-panels.cm-panels-bottom': {
    borderTop: '1px solid var(--pg-border)',
  },
  '.cm-panel.cm-panel-lint ul [aria-selected], .cm-panel.cm-panel-lint ul:focus [aria-selected]': {
    color: 'var(--pg-fg)',
    backgroundColor: 'var(--pg-option-selected)',
  },
  '.cm-panel.cm-panel-lint button': {
    color: 'var(--pg-fg)',
  },
});
