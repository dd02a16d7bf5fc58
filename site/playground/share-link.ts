/**
 * A playground notebook in a share link: its seed, its cell texts and the action log (the
 * notebook's operations, as the kernel records them), with the engine version that made it,
 * carried in the URL fragment — JSON, compressed with the browser's own `CompressionStream`
 * (deflate-raw, about a third of lz-string's length), then base64url. No server sees it.
 *
 * A link is data from a stranger. Decoding bounds every step before doing it — the fragment's
 * length, the bytes decompression may produce (a small link can inflate to gigabytes), the JSON —
 * and checks the result against a schema, so a hostile or broken link is refused with a sentence
 * saying why and never reaches the engine half-read. What it carries is text the page must show
 * as text; the engine only ever runs it as the shell language.
 */
import { ENGINE_VERSION } from '../../engine/version.ts';
import { fromBase64Url, pipe, TooLarge } from './link-bytes.ts';
import { checkNotebook, NOTEBOOK_LIMITS, type SharedNotebook } from './notebook.ts';
import { LINK_PREFIX as PREFIX } from './share-encode.ts';

export { encodeNotebook } from './share-encode.ts';

export const SHARE_LIMITS = {
  ...NOTEBOOK_LIMITS,
  /** Characters of the fragment after the prefix; about 190 KB compressed. */
  fragmentChars: 256_000,
  /** Bytes the JSON may take once decompressed. */
  jsonBytes: 2 * 1024 * 1024,
} as const;

export type DecodedLink =
  { readonly ok: true; readonly notebook: SharedNotebook; readonly otherEngine: boolean } | { readonly ok: false; readonly problem: string };

/** The notebook a fragment carries, or why it cannot be opened; never throws. */
export async function decodeNotebook(fragment: string): Promise<DecodedLink> {
  const fail = (problem: string): DecodedLink => ({ ok: false, problem });
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!text.startsWith(PREFIX)) return fail('This link does not carry a Streamlab notebook (or was made by a newer Streamlab).');
  const body = text.slice(PREFIX.length);
  if (body.length > SHARE_LIMITS.fragmentChars) {
    return fail(
      `This link is too long to be a notebook (${body.length.toLocaleString('en')} characters; at most ${SHARE_LIMITS.fragmentChars.toLocaleString('en')}).`,
    );
  }
  const bytes = fromBase64Url(body);
  if (bytes === null) return fail('This link is damaged: its notebook is not valid base64url (was it cut off or edited?).');
  let json: Uint8Array<ArrayBuffer>;
  try {
    json = await pipe(bytes, new DecompressionStream('deflate-raw'), SHARE_LIMITS.jsonBytes);
  } catch (error) {
    if (error instanceof TooLarge) return fail(`This link's notebook is too large once unpacked (over ${SHARE_LIMITS.jsonBytes / 1024 / 1024} MiB).`);
    return fail('This link is damaged: its notebook cannot be unpacked (was it cut off or edited?).');
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return fail('This link is damaged: its notebook is not readable data.');
  }
  const checked = checkNotebook(value);
  if (typeof checked === 'string') return fail(`This link's notebook is not one Streamlab can open: ${checked}.`);
  return { ok: true, notebook: checked, otherEngine: checked.engine !== ENGINE_VERSION };
}
