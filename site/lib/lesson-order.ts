/** Orders lessons for the lesson list: by their `order` field, then by id so ties are stable. */
export function sortLessons<T extends { id: string; data: { order: number } }>(lessons: readonly T[]): T[] {
  return [...lessons].sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}
