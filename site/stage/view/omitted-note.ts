/**
 * The note under the topics when a scene left partitions out (the kernel draws at most 64, see
 * kernel/scene-limits.ts): "…and 12 more partitions not drawn", so a reader never takes the
 * drawn partitions for all of them.
 */
import type { Selection } from 'd3-selection';
import { setAttr, setText } from './motion.ts';
import type { StageLayout } from './stage-layout.ts';
import { plural } from './words.ts';

/** Baseline to baseline, as the legend's lines. */
export const NOTE_LINE_HEIGHT = 15;

/** The words of the note. */
export function omittedNoteText(omitted: number): string {
  return `…and ${omitted} more ${plural(omitted, 'partition')} not drawn`;
}

/** `text` broken at spaces into lines of at most `chars` characters (a longer word gets a line of its own). */
export function wrapWords(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The note's lines for a column `width` px wide, or none when nothing was left out. */
export function omittedNoteLines(omitted: number, width: number, charWidth: number): string[] {
  return omitted > 0 ? wrapWords(omittedNoteText(omitted), Math.max(10, Math.floor(width / charWidth))) : [];
}

/** Draws the note's lines (none when the layout has no note). */
export function drawOmittedNote(layer: Selection<SVGGElement, unknown, null, undefined>, layout: StageLayout): void {
  const note = layout.omitted;
  const texts = layer
    .selectAll<SVGTextElement, string>('text.partitions-omitted')
    .data(note?.lines ?? [])
    .join((enter) => enter.append('text').attr('class', 'partitions-omitted'));
  if (!note) return;
  setAttr(texts, 'x', note.x);
  texts.each(function (_, i) {
    const v = String(note.y + i * NOTE_LINE_HEIGHT);
    if (this.getAttribute('y') !== v) this.setAttribute('y', v);
  });
  setText(texts, (line) => line);
}
