/**
 * Making a share link: the notebook as JSON (format 1, `notebookSchema` reads it back),
 * deflate-raw through the browser's `CompressionStream`, base64url, behind a prefix naming the
 * format. Lesson pages use it for their "open in playground" links, so it loads no schema code.
 */
import { ENGINE_VERSION } from '../../engine/version.ts';
import { pipe, toBase64Url } from './link-bytes.ts';
import type { SharedNotebook } from './notebook.ts';

/** The fragment's prefix: the format, so a later format can be told apart (and an old one read). */
export const LINK_PREFIX = 'nb1.';

/** The notebook as JSON, made by `engine` (format 1: what `notebookSchema` reads back). */
export function notebookJson(notebook: Omit<SharedNotebook, 'engine'>, engine: string): string {
  const { seed, cells, ops, tick } = notebook;
  return JSON.stringify({ v: 1, engine, seed, cells, ops, ...(tick === undefined ? {} : { tick }) });
}

/** The link fragment (without `#`) that carries `notebook`, made by this engine. */
export async function encodeNotebook(notebook: Omit<SharedNotebook, 'engine'>): Promise<string> {
  const compressed = await pipe(
    new TextEncoder().encode(notebookJson(notebook, ENGINE_VERSION)),
    new CompressionStream('deflate-raw'),
    Number.POSITIVE_INFINITY,
  );
  return LINK_PREFIX + toBase64Url(compressed);
}
