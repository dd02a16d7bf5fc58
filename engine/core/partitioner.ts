// Key → partition exactly as Kafka's producer does it, so a lesson's keys land where a real
// cluster would put them. Kafka sources modelled:
//   clients/.../common/utils/Utils.java               murmur2, toPositive
//   clients/.../producer/internals/BuiltInPartitioner  partitionForKey
//   clients/.../common/serialization/StringSerializer  key bytes are the key's UTF-8

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** The UTF-8 bytes of `text`; a lone surrogate becomes '?' (0x3F), as Java's String.getBytes(UTF_8) writes it. */
export function utf8Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(utf8Length(text));
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = scalarAt(text, i);
    if (cp > 0xffff) i++;
    const width = utf8Width(cp);
    const packed = packUtf8(cp);
    for (let j = 0; j < width; j++) bytes[at++] = (packed >>> (8 * j)) & 0xff;
  }
  return bytes;
}

/** Kafka's `Utils.murmur2`: a signed 32-bit hash, bit-for-bit what the Java client returns. */
export function murmur2(bytes: Uint8Array): number {
  const length = bytes.length;
  const end4 = length & ~3;
  let h = SEED ^ length;
  for (let i = 0; i < end4; i += 4) {
    // `?? 0` never fires (i < end4 ≤ length); it only satisfies noUncheckedIndexedAccess.
    const k = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    h = mixWord(h, k);
  }
  let tail = 0;
  for (let j = length - 1; j >= end4; j--) tail = (tail << 8) | (bytes[j] ?? 0);
  return finish(h, tail, length & 3);
}

/** Kafka's `Utils.toPositive`: clears the sign bit (so MIN_VALUE maps to 0, unlike Math.abs). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition Kafka's `BuiltInPartitioner.partitionForKey` picks for a string key. */
export function partitionForKey(key: string, partitionCount: number): number {
  // A programming error, not a simulated fault: `% 0` would quietly yield NaN.
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  return toPositive(murmur2OfString(key)) % partitionCount;
}

// murmur2(utf8Bytes(key)) without allocating: this runs once per produced record.
function murmur2OfString(text: string): number {
  const length = text.length;
  const end4 = length & ~3;
  let h = SEED ^ length;
  let seen = 0;
  for (let i = 0; i < end4; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    seen |= c0 | c1 | c2 | c3;
    h = mixWord(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let tail = 0;
  for (let j = length - 1; j >= end4; j--) {
    const c = text.charCodeAt(j);
    seen |= c;
    tail = (tail << 8) | c;
  }
  // One code unit is one byte only when every unit is ASCII; checking once at the end keeps
  // the common case branch-free and costs non-ASCII keys a second pass.
  if (seen > 0x7f) return murmur2OfNonAscii(text);
  return finish(h, tail, length & 3);
}

// Streams the UTF-8 bytes into the hash four at a time; murmur2 needs the byte length first.
function murmur2OfNonAscii(text: string): number {
  const length = utf8Length(text);
  let h = SEED ^ length;
  let word = 0;
  let filled = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = scalarAt(text, i);
    if (cp > 0xffff) i++;
    const width = utf8Width(cp);
    const packed = packUtf8(cp);
    for (let j = 0; j < width; j++) {
      word |= ((packed >>> (8 * j)) & 0xff) << (8 * filled);
      if (++filled === 4) {
        h = mixWord(h, word);
        word = 0;
        filled = 0;
      }
    }
  }
  return finish(h, word, filled);
}

// One 4-byte block of the murmur2 main loop; Math.imul gives Java's wrapping int multiply.
function mixWord(h: number, word: number): number {
  let k = Math.imul(word, M);
  k ^= k >>> R;
  k = Math.imul(k, M);
  return Math.imul(h, M) ^ k;
}

// The 0–3 trailing bytes (little-endian in `tail`) and the final avalanche.
function finish(hash: number, tail: number, tailLength: number): number {
  let h = hash;
  if (tailLength > 0) h = Math.imul(h ^ tail, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  return h ^ (h >>> 15);
}

// The code point at code unit `i`. A lone surrogate becomes '?' (0x3F), as the Java client's
// StringSerializer (String.getBytes(UTF_8)) writes it; Node's Buffer.from, and so KafkaJS,
// would write U+FFFD instead. The Java client is the reference.
function scalarAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return c;
  if (c <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
  }
  return 0x3f;
}

function utf8Width(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// A code point's UTF-8 bytes packed little-endian (first byte lowest), so callers emit them
// without an intermediate array.
function packUtf8(cp: number): number {
  if (cp < 0x80) return cp;
  if (cp < 0x800) return 0xc0 | (cp >>> 6) | ((0x80 | (cp & 0x3f)) << 8);
  if (cp < 0x10000) {
    return 0xe0 | (cp >>> 12) | ((0x80 | ((cp >>> 6) & 0x3f)) << 8) | ((0x80 | (cp & 0x3f)) << 16);
  }
  return 0xf0 | (cp >>> 18) | ((0x80 | ((cp >>> 12) & 0x3f)) << 8) | ((0x80 | ((cp >>> 6) & 0x3f)) << 16) | ((0x80 | (cp & 0x3f)) << 24);
}

function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = scalarAt(text, i);
    if (cp > 0xffff) i++;
    length += utf8Width(cp);
  }
  return length;
}
