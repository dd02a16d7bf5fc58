/** What a command prints: lines on stdout or stderr, in the order a terminal shows them. */
export type Stream = 'stdout' | 'stderr';

export interface OutputLine {
  readonly stream: Stream;
  readonly text: string;
}

export class Output {
  readonly lines: OutputLine[] = [];

  /** Prints `text` on stdout; embedded newlines make several lines (Java's "\n" prefixes). */
  out(text: string): void {
    for (const line of text.split('\n')) this.lines.push({ stream: 'stdout', text: line });
  }

  /** Prints `text` on stderr. */
  err(text: string): void {
    for (const line of text.split('\n')) this.lines.push({ stream: 'stderr', text: line });
  }
}

/** Java's `%-Ns`: left-justified, padded with spaces to at least `width`. */
export function padRight(value: string, width: number): string {
  return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

/** The width Kafka's tools give a column: the longest value, but at least `min`. */
export function columnWidth(values: readonly string[], min: number): number {
  return values.reduce((w, v) => Math.max(w, v.length), min);
}

/** Kafka's tools log without our timestamps: `LEVEL message (logger)`. */
export function logLine(level: 'ERROR' | 'WARN', message: string, logger: string): string {
  return `${level} ${message} (${logger})`;
}
