/** The glossary in reading order: alphabetical by term, as a reader scans it (case and accents ignored). */
const collator = new Intl.Collator('en', { sensitivity: 'base' });

export function sortedGlossary<T extends { readonly term: string }>(terms: readonly T[]): T[] {
  return [...terms].sort((a, b) => collator.compare(a.term, b.term));
}
