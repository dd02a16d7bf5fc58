/**
 * The cell editor's highlighting: CodeMirror running the engine's grammar colours each part of a
 * cell as written here by hand, and exactly as lesson cells are coloured at build time; every
 * colour the editor uses is a variable editor.css defines for the light and the dark theme.
 * Runs in Node: the language and the highlighter need an editor state, not a DOM.
 */
import { readFileSync } from 'node:fs';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { highlightTree } from '@lezer/highlight';
import { describe, expect, it } from 'vitest';
import { highlightKafka } from '../../engine/shell/highlight.ts';
import { kafkaHighlightStyle, kafkaShell } from '../../site/playground/editor/kafka-language.ts';

/** Each highlighted run of `doc` as `text → variable`, the variable being the colour its class sets. */
function colours(doc: string): string[] {
  const state = EditorState.create({ doc, extensions: [kafkaShell()] });
  const tree = ensureSyntaxTree(state, state.doc.length, 5_000);
  if (tree === null) throw new Error('the language did not parse the cell');
  const rules = kafkaHighlightStyle.module?.getRules() ?? '';
  const runs: string[] = [];
  highlightTree(tree, kafkaHighlightStyle, (from, to, classes) => {
    const variable = new RegExp(`\\.${classes} \\{color: var\\((--pg-tok-[\\w]+)\\)`).exec(rules)?.[1] ?? `no colour for ${classes}`;
    runs.push(`${doc.slice(from, to)} → ${variable}`);
  });
  return runs;
}

const CELL = [
  "$ kafka-topics --create --topic 'orders' --partitions 3 \\",
  '  --config=retention.ms # keep',
  'Created topic orders.',
  '$ kafka-console-producer --topic orders <<EOF',
  'k1:v1',
  'EOF',
  '',
  '$ sim tick 5',
].join('\n');

describe('the editor language', () => {
  it('colours each part of a transcript cell', () => {
    expect(colours(CELL)).toEqual([
      '$  → --pg-tok-meta',
      'kafka-topics → --pg-tok-keyword',
      '--create → --pg-tok-attributeName',
      '--topic → --pg-tok-attributeName',
      "'orders' → --pg-tok-string",
      '--partitions → --pg-tok-attributeName',
      '3 → --pg-tok-number',
      '--config= → --pg-tok-attributeName',
      'retention.ms → --pg-tok-variableName',
      '# keep → --pg-tok-comment',
      'Created topic orders. → --pg-tok-output',
      '$  → --pg-tok-meta',
      'kafka-console-producer → --pg-tok-keyword',
      '--topic → --pg-tok-attributeName',
      'orders → --pg-tok-variableName',
      '<<EOF → --pg-tok-operator',
      'k1:v1 → --pg-tok-content',
      'EOF → --pg-tok-operator',
      '$  → --pg-tok-meta',
      'sim → --pg-tok-keyword',
      'tick → --pg-tok-keyword',
      '5 → --pg-tok-number',
    ]);
  });

  it('colours a cell exactly as lesson cells are coloured at build time', () => {
    const built = highlightKafka(CELL).flatMap((line) => line.spans.filter((s) => s.token !== null).map((s) => `${s.text} → --pg-tok-${s.token}`));
    expect(colours(CELL)).toEqual(built);
  });
});

describe('editor.css', () => {
  const css = readFileSync(new URL('../../site/playground/editor/editor.css', import.meta.url), 'utf8');
  const block = (selector: string): string => css.slice(css.indexOf(`${selector} {`), css.indexOf('}', css.indexOf(`${selector} {`)));
  const defined = (selector: string): Set<string> => new Set([...block(selector).matchAll(/(--pg-[\w-]+):/g)].map((m) => m[1] ?? ''));
  const used = (file: string): string[] => {
    const source = readFileSync(new URL(`../../site/playground/editor/${file}`, import.meta.url), 'utf8');
    return [...new Set([...source.matchAll(/var\((--pg-[\w-]+)\)/g)].map((m) => m[1] ?? ''))];
  };

  it('defines every colour the highlighter and the theme use', () => {
    const light = defined(':root');
    for (const name of [...used('kafka-language.ts'), ...used('editor-theme.ts')]) expect(light, name).toContain(name);
  });

  it('gives every colour a dark value', () => {
    const dark = defined(":root[data-theme='dark']");
    const colours = [...used('kafka-language.ts'), ...used('editor-theme.ts')].filter((name) => !/font|focus/.test(name));
    for (const name of colours) expect(dark, name).toContain(name);
  });
});
