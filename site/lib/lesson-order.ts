/**
 * The course order, as Starlight's sidebar sorts a directory: by `sidebar.order` when a lesson
 * sets one, then by id — so the file name's number prefix (01-, 02-, …) is the order. The course
 * index uses this so it lists lessons exactly as the sidebar and previous/next links walk them.
 */
const collator = new Intl.Collator('en');

export function sortLessons<T extends { id: string; data: { sidebar: { order?: number | undefined } } }>(lessons: readonly T[]): T[] {
  const order = (l: T) => l.data.sidebar.order ?? Number.MAX_VALUE;
  return [...lessons].sort((a, b) => (order(a) !== order(b) ? (order(a) < order(b) ? -1 : 1) : collator.compare(a.id, b.id)));
}
