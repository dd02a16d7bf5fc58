/**
 * Where "Edit this page" points: the repository's edit URL for the main branch, to which a file's
 * path is appended (lessons/01-….mdx). Set STREAMLAB_EDIT_URL when publishing a fork.
 */
export const EDIT_BASE_URL = process.env['STREAMLAB_EDIT_URL'] ?? 'https://github.com/streamlab-kafka/streamlab/edit/main/';

/** The edit URL of a file of the repository. */
export function editUrlFor(pathFromRoot: string): string {
  return new URL(pathFromRoot, EDIT_BASE_URL).href;
}
