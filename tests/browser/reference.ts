/**
 * What the shell prints for a lesson's cells at a given tick: the independent side of the
 * "the stage never lies" tests. It runs the lesson's cells exactly as `npm run check` does (one
 * ShellSession, cells in order), seeks the timeline, and reads the numbers from the *printed*
 * output of `kafka-consumer-groups --describe` and `kafka-get-offsets` — never from the site's code.
 */
import { readFileSync } from 'node:fs';
import { extractKafkaCells, lessonSeed, parseScript, runCell, ShellSession } from '../../engine/index.ts';

/** One row of `kafka-consumer-groups --describe --group G`, as printed. */
export interface DescribedRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: string;
  readonly committed: string;
  readonly logEnd: string;
  readonly lag: string;
  readonly clientId: string;
}

export interface PartitionOffsets {
  readonly logStart: number;
  readonly logEnd: number;
}

export interface ShellReference {
  readonly headTick: number;
  /** Every group's describe rows at `tick`: groups in `--list` order, each group's rows as `--describe` prints them (by member, then unowned). */
  describeAt(tick: number): DescribedRow[];
  /** `topic-partition` → offsets from kafka-get-offsets at `tick`. */
  offsetsAt(tick: number): Map<string, PartitionOffsets>;
}

function stdout(session: ShellSession, command: string): string[] {
  const parsed = parseScript(command);
  if (!parsed.ok) throw new Error(`reference command does not parse: ${command}`);
  const lines: string[] = [];
  for (const invocation of parsed.commands) {
    for (const line of session.execute(invocation).output) if (line.stream === 'stdout') lines.push(line.text);
  }
  return lines;
}

/** Runs every cell of the lesson file in one shell session, as the lesson checker does. */
export function shellReference(lessonPath: string): ShellReference {
  const source = readFileSync(lessonPath, 'utf8');
  const session = ShellSession.create({ seed: lessonSeed(source) });
  for (const cell of extractKafkaCells(source)) {
    const result = runCell(session, cell.code);
    if (result.errors.length > 0) throw new Error(`${lessonPath}: ${result.errors.map((e) => e.message).join('\n')}`);
  }
  const timeline = session.timeline;
  const headTick = timeline.headTick;
  return {
    headTick,
    describeAt(tick) {
      timeline.seek(tick);
      const rows: DescribedRow[] = [];
      for (const group of stdout(session, 'kafka-consumer-groups --list').filter((g) => g !== '')) {
        for (const line of stdout(session, `kafka-consumer-groups --describe --group ${group}`)) {
          const cols = line.trim().split(/\s+/);
          if (cols.length !== 9 || cols[0] !== group) continue;
          const [, topic, partition, committed, logEnd, lag, , , clientId] = cols as [string, string, string, string, string, string, string, string, string];
          rows.push({ group, topic, partition, committed, logEnd, lag, clientId });
        }
      }
      timeline.seekHead();
      return rows;
    },
    offsetsAt(tick) {
      timeline.seek(tick);
      const out = new Map<string, PartitionOffsets>();
      for (const topic of stdout(session, 'kafka-topics --list').filter((t) => t !== '' && !t.startsWith('__'))) {
        const parse = (lines: string[]) =>
          new Map(
            lines.map((l) => {
              const i = l.lastIndexOf(':');
              return [l.slice(0, i).replace(/:(\d+)$/, '-$1'), Number(l.slice(i + 1))] as const;
            }),
          );
        const ends = parse(stdout(session, `kafka-get-offsets --topic ${topic}`));
        const starts = parse(stdout(session, `kafka-get-offsets --topic ${topic} --time earliest`));
        for (const [key, logEnd] of ends) out.set(key, { logStart: starts.get(key) ?? 0, logEnd });
      }
      timeline.seekHead();
      return out;
    },
  };
}
