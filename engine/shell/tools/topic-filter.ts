/**
 * Kafka's topic filters: `--topic` is a Java regular expression that must match the whole
 * name, and commas act as alternation (IncludeList replaces `,` with `|`).
 */

/** A predicate for topic names, or null when the expression is not a valid regular expression. */
export function compileTopicFilter(expression: string): ((name: string) => boolean) | null {
  try {
    const regex = new RegExp(`^(?:${expression.split(',').join('|')})$`);
    return (name) => regex.test(name);
  } catch {
    return null;
  }
}
