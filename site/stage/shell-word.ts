/** A word of the Kafka shell that reads back as exactly `word`: quoted (as in bash) only when it must be. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._:@%+=,/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
