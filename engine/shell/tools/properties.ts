/** `--property name=value` lists, as Kafka's tools read them. */

/** Parses `name=value` pairs; the value is everything after the first `=`. Null names the bad entry. */
export function parseProperties(values: readonly string[]): { props: Map<string, string>; bad: string | null } {
  const props = new Map<string, string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) return { props, bad: v };
    props.set(v.slice(0, eq), v.slice(eq + 1));
  }
  return { props, bad: null };
}

/** Kafka's boolean properties are true only for a trimmed, case-insensitive "true". */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

/** Kafka reads escapes such as `\t` in separators given on the command line. */
export function unescape(value: string): string {
  return value.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}
