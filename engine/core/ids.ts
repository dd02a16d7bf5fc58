/**
 * Deterministic identifiers. Kafka draws member ids and topic ids at random; the simulator
 * derives them from names with a hash instead, so an id never depends on what else the
 * world did before (lesson transcripts stay stable when unrelated randomness changes).
 */

/** FNV-1a over the UTF-16 code units of `text`, continued from `hash`. */
function fnv1a(text: string, hash = 0x811c9dc5): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 16 pseudo-random bytes derived from `name`. */
function bytesFor(name: string): number[] {
  const bytes: number[] = [];
  let h = fnv1a(name);
  for (let i = 0; i < 4; i++) {
    h = fnv1a(`${i}:${name}`, h);
    bytes.push(h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
  }
  return bytes;
}

const hex = (b: number): string => b.toString(16).padStart(2, '0');

/** A version-4-shaped UUID derived from `name`, as a classic member id's suffix looks. */
export function uuidFor(name: string): string {
  const b = bytesFor(name);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.map(hex).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A 22-character URL-safe base64 id, the shape of a Kafka topic id. */
export function topicIdFor(name: string): string {
  const b = bytesFor(name);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += BASE64URL[(value >>> bits) & 63];
    }
  }
  if (bits > 0) out += BASE64URL[(value << (6 - bits)) & 63];
  return out.slice(0, 22);
}

/** A number in [0, bound) derived from `name`, e.g. the suffix of `console-consumer-NNNNN`. */
export function numberFor(name: string, bound: number): number {
  return fnv1a(name) % bound;
}
