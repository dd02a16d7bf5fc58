/**
 * The playground's exports and its import, as text: a notebook's straight script
 * (site/stage/kernel/notebook-script.ts) written as a `.kafka` file that `streamlab run` accepts,
 * or as the skeleton of a lesson whose cells are transcripts of what each command printed, with
 * every part `npm run check` asks of a lesson (cli/lesson-structure.ts) left for the author to
 * fill; and a `.kafka` file read back into cells.
 */
import type { NotebookScript, ScriptBlock } from '../stage/kernel/notebook-script.ts';
import { NOTEBOOK_LIMITS } from './notebook.ts';

type Script = Extract<NotebookScript, { ok: true }>;

/** Each block of an exported script starts with this comment; import splits cells there. */
const MARKER = '# --- ';

function blockTitle(block: ScriptBlock): string {
  const { origin } = block;
  if (origin.kind === 'cell') return `cell ${origin.cell + 1}`;
  if (origin.kind === 'act') return `on the stage at tick ${origin.tick}`;
  return `the clock ran ${origin.ticks} tick${origin.ticks === 1 ? '' : 's'} from tick ${origin.tick}`;
}

const commented = (text: string): string =>
  text
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n');

/**
 * The `.kafka` script: run with `npx streamlab run FILE --seed N`, it prints what the notebook
 * printed. A command that failed in the notebook is kept as a comment: `streamlab run` stops at a
 * failing command, the notebook went on (a failed command changes nothing in the world).
 */
export function toKafkaScript(script: Script, fileName = 'notebook.kafka'): string {
  const lines = ['# A Streamlab playground notebook, as one script.', `# Run it: npx streamlab run ${fileName} --seed ${script.seed}`, ''];
  for (const block of script.blocks) {
    lines.push(`${MARKER}${blockTitle(block)}`);
    if (block.commands.every((c) => c.exitCode === 0)) {
      lines.push(block.source, '');
      continue;
    }
    for (const command of block.commands) {
      if (command.exitCode === 0) lines.push(command.text);
      else lines.push(`# This command failed in the notebook (exit ${command.exitCode}); left out so the script runs on:`, commented(command.text));
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The longest run of backticks in `text`: a fence must be longer. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A block as a cell: a transcript of its commands and their output, or a plain script when a transcript cannot say it. */
function lessonCell(block: ScriptBlock): string {
  const outputs = block.commands.flatMap((c) => c.output.map((l) => l.text));
  // An output line starting with `$ ` would read as a command: such a block stays a plain script (run, not compared).
  const body = outputs.some((l) => l.startsWith('$ '))
    ? block.source
    : block.commands.map((c) => [`$ ${c.text}`, ...c.output.map((l) => l.text)].join('\n')).join('\n');
  const fence = fenceFor(body);
  return `${fence}kafka\n${body}\n${fence}`;
}

function lessonProse(block: ScriptBlock): string {
  const { origin } = block;
  if (origin.kind === 'cell') return `Replace me: what cell ${origin.cell + 1} does, and what to watch on the stage.`;
  if (origin.kind === 'act') return `Replace me: on the stage, the reader acted at tick ${origin.tick} (the command below is what the button issued).`;
  return `Replace me: the clock ran ${origin.ticks} tick${origin.ticks === 1 ? '' : 's'} here (Play).`;
}

/** Why the script cannot make a lesson, or null. */
export function lessonProblem(script: Script): string | null {
  if (script.blocks.length < 2) return 'A lesson needs at least two cells that ran: run at least two cells (or one cell and a stage action), then export.';
  return null;
}

/**
 * The lesson skeleton: front matter, one transcript cell per block (prose before each for the
 * author to write), a predict question before the last cell, a try-it and a summary. The file
 * passes `npm run check` as written.
 */
export function toLessonMdx(script: Script): string {
  const last = script.blocks.length - 1;
  const parts: string[] = [
    [
      '---',
      'title: "Replace me: the lesson’s title"',
      'description: Replace me with one sentence saying what the reader will see happen.',
      'objectives:',
      '  - Replace me with what the reader can do afterwards',
      'duration: 10',
      ...(script.seed === 1 ? [] : [`seed: ${script.seed}`]),
      '---',
    ].join('\n'),
    "import { Predict, Choice, TryIt } from '../site/components/lesson/index.ts';",
    'Replace me: the lesson’s opening, one idea in short sentences. This skeleton was exported from the Streamlab playground; every cell below is a transcript of what it printed there.',
  ];
  script.blocks.forEach((block, i) => {
    if (i === last) {
      parts.push(
        [
          '<Predict id="replace-me" question="Replace me: what will the next cell show?">',
          '  <Choice correct feedback="Replace me: why this is right.">Replace me: the right answer</Choice>',
          '  <Choice feedback="Replace me: why this is wrong.">Replace me: a tempting wrong answer</Choice>',
          '</Predict>',
        ].join('\n'),
      );
    }
    parts.push(lessonProse(block), lessonCell(block));
  });
  parts.push(
    '<TryIt title="Replace me: one thing to change">\n\nReplace me: what to change in a cell above, and what to look for on the stage.\n\n</TryIt>',
    '## Summary\n\n- Replace me with what the lesson showed, one point per line.',
  );
  return `${parts.join('\n\n')}\n`;
}

export type ImportedCells = { readonly ok: true; readonly cells: readonly string[] } | { readonly ok: false; readonly problem: string };

/** Bytes of a `.kafka` file the playground reads, at most. */
export const IMPORT_BYTES = 2 * 1024 * 1024;

/**
 * A `.kafka` file's cells: an exported script splits at its block comments; any other script is
 * one cell. Refused when it would not fit a notebook.
 */
export function fromKafkaScript(text: string): ImportedCells {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const marked = lines.some((l) => l.startsWith(MARKER));
  const cells: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const cell = current.join('\n').replace(/^\n+|\s+$/g, '');
    if (cell !== '') cells.push(cell);
    current = [];
  };
  let seenMarker = false;
  for (const line of lines) {
    if (marked && line.startsWith(MARKER)) {
      if (seenMarker) flush();
      else current = [];
      seenMarker = true;
      continue;
    }
    current.push(line);
  }
  flush();
  if (cells.length === 0) return { ok: false, problem: 'This file has no commands in it.' };
  if (cells.length > NOTEBOOK_LIMITS.cells)
    return { ok: false, problem: `This file has ${cells.length} cells; a notebook holds at most ${NOTEBOOK_LIMITS.cells}.` };
  const long = cells.findIndex((c) => c.length > NOTEBOOK_LIMITS.cellChars);
  if (long !== -1)
    return {
      ok: false,
      problem: `Cell ${long + 1} of this file has ${cells[long]?.length.toLocaleString('en')} characters; a cell holds at most ${NOTEBOOK_LIMITS.cellChars.toLocaleString('en')}.`,
    };
  return { ok: true, cells };
}
