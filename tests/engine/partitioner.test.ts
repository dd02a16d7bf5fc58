import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive, utf8Bytes } from '../../engine/core/partitioner.ts';

// KafkaJS does not export murmur2 from its entry point; load its Java-compatible one directly.
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: string | Buffer) => number;

// DefaultPartitioner is KafkaJS's JavaCompatiblePartitioner, renamed in 2.0 (same object).
const kafkajsPartition = Partitioners.DefaultPartitioner();

const PARTITION_COUNTS = [1, 2, 3, 7, 12, 100];

// Every partition has a leader, so KafkaJS's availability filter never changes the answer.
function allAvailable(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
}
const METADATA = new Map(PARTITION_COUNTS.map((count) => [count, allAvailable(count)]));

function kafkajsPartitionForKey(key: string, count: number): number {
  const partitionMetadata = METADATA.get(count) ?? allAvailable(count);
  const message = { key, value: null };
  return kafkajsPartition({ topic: 'orders', partitionMetadata, message });
}

// Test names quote keys as JSON so empty keys and lone surrogates (shown as \udXXX) stay readable.
function withShown<Row extends { key: string }>(row: Row): Row & { shown: string } {
  return { ...row, shown: JSON.stringify(row.key) };
}

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));
const asciiChar = fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 });
const bmpNonAscii = fc.oneof(codePoint(0x80, 0x7ff), codePoint(0x800, 0xd7ff), codePoint(0xe000, 0xffff));
const astral = fc.oneof(codePoint(0x10000, 0x10ffff), fc.constantFrom('😀', '👍🏽', '🇫🇷', '👩‍💻', '𝄞', '🦀'));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

// What the Java client encodes a key as: String.getBytes(UTF_8) writes '?' for each lone
// surrogate. KafkaJS agrees with Java on every well-formed string, so comparing KafkaJS on
// this rewrite checks the Java behaviour on the lone-surrogate family too.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const asJavaWrites = (key: string): string => key.replace(LONE_SURROGATE, '?');

// Each family fixes its own seed so a failure replays exactly; 5 × 2,500 = 12,500 keys.
const KEY_FAMILIES = [
  {
    name: 'ASCII keys',
    seed: 1,
    keys: fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  },
  {
    name: 'BMP keys (2- and 3-byte UTF-8)',
    seed: 2,
    keys: fc.string({ unit: bmpNonAscii, maxLength: 20 }),
  },
  {
    name: 'astral-plane keys (emoji, 4-byte UTF-8)',
    seed: 3,
    keys: fc.string({ unit: astral, maxLength: 10 }),
  },
  {
    name: 'mixed keys',
    seed: 4,
    keys: fc.string({ unit: fc.oneof(asciiChar, bmpNonAscii, astral), maxLength: 24 }),
  },
  {
    name: 'keys with lone surrogates',
    seed: 5,
    keys: fc.string({
      unit: fc.oneof(loneSurrogate, fc.constantFrom('a', 'é', '€', '😀')),
      maxLength: 12,
    }),
  },
];

describe('partitionForKey', () => {
  describe.each(KEY_FAMILIES)('$name', ({ seed, keys }) => {
    it('keys hash like the Java client (KafkaJS murmur2)', () => {
      fc.assert(
        fc.property(keys, (key) => {
          const expected = kafkajsMurmur2(asJavaWrites(key));
          expect(murmur2(utf8Bytes(key))).toBe(expected);
          // partitionForKey hashes the string without encoding it; the largest partition
          // count exposes all 31 bits of that path's hash.
          expect(partitionForKey(key, 0x7fffffff)).toBe(toPositive(expected) % 0x7fffffff);
        }),
        { numRuns: 2_500, seed },
      );
    });

    it('keys land on the partition the Java-compatible partitioner picks', () => {
      fc.assert(
        fc.property(keys, (key) => {
          for (const count of PARTITION_COUNTS) {
            expect(partitionForKey(key, count)).toBe(kafkajsPartitionForKey(asJavaWrites(key), count));
          }
        }),
        { numRuns: 2_500, seed },
      );
    });

    it("keys encode to the same UTF-8 bytes as Buffer.from (lone surrogates as '?', as Java)", () => {
      fc.assert(
        fc.property(keys, (key) => {
          expect(Buffer.from(utf8Bytes(key)).equals(Buffer.from(asJavaWrites(key)))).toBe(true);
        }),
        { numRuns: 2_500, seed },
      );
    });
  });

  // Checked once against KafkaJS 2.2.4 and a Java 17 copy of Kafka's Utils.murmur2.
  it.each(
    [
      { key: '', hash: 275646681 },
      { key: 'a', hash: -1563381124 },
      { key: 'abc', hash: 479470107 },
      { key: 'kafka', hash: -798503068 },
      { key: 'hello', hash: 2132663229 },
      { key: 'user-42', hash: 1459644460 },
      { key: 'héllo', hash: 614509002 },
      { key: '日本語', hash: 1431860170 },
      { key: '😀', hash: 131881617 },
    ].map(withShown),
  )('murmur2 of $shown is $hash, as in the Java client', ({ key, hash }) => {
    expect(murmur2(utf8Bytes(key))).toBe(hash);
    expect(partitionForKey(key, 100)).toBe(toPositive(hash) % 100);
  });

  // Here the clients disagree: Java's String.getBytes(UTF_8) writes '?' for a lone surrogate,
  // Node's Buffer.from (so KafkaJS) writes U+FFFD. Streamlab follows the Java client.
  it.each(
    [
      { key: 'a\uD800b', kafkajs: 451637745, java: -348781372 },
      { key: '\uDC00', kafkajs: -1863826953, java: -323429624 },
      { key: 'x\uD83D', kafkajs: -1741668864, java: -1310484425 },
    ].map(withShown),
  )('a lone surrogate in $shown hashes as "?" like the Java client, not as U+FFFD like KafkaJS', ({ key, kafkajs, java }) => {
    expect(murmur2(utf8Bytes(key))).toBe(java);
    expect(murmur2(utf8Bytes(key))).not.toBe(kafkajs);
  });

  it.each([
    { partitionCount: 1, valid: true },
    { partitionCount: 12, valid: true },
    { partitionCount: 0, valid: false },
    { partitionCount: -3, valid: false },
    { partitionCount: 2.5, valid: false },
    { partitionCount: Number.NaN, valid: false },
  ])('a partition count of $partitionCount is accepted: $valid', ({ partitionCount, valid }) => {
    const pick = () => partitionForKey('kafka', partitionCount);
    if (valid) expect(pick()).toBeLessThan(partitionCount);
    else expect(pick).toThrow(RangeError);
  });
});

describe('utf8Bytes', () => {
  it.each(
    [
      { key: '', hex: '' },
      { key: 'a', hex: '61' },
      { key: 'é', hex: 'c3a9' },
      { key: '€', hex: 'e282ac' },
      { key: '😀', hex: 'f09f9880' },
      { key: '\u07FF', hex: 'dfbf' },
      { key: '\u0800', hex: 'e0a080' },
      { key: '\uFFFF', hex: 'efbfbf' },
      { key: '\u{10FFFF}', hex: 'f48fbfbf' },
      { key: '\uD800', hex: '3f' },
      { key: '\uDE00\uD83D', hex: '3f3f' },
      { key: '\uD83D\uD83D\uDE00', hex: '3ff09f9880' },
    ].map(withShown),
  )('encodes $shown as <$hex>', ({ key, hex }) => {
    expect(Buffer.from(utf8Bytes(key)).toString('hex')).toBe(hex);
  });
});

describe('toPositive', () => {
  it.each([
    { n: 0, positive: 0 },
    { n: 42, positive: 42 },
    { n: 2147483647, positive: 2147483647 },
    { n: -1, positive: 2147483647 },
    { n: -2147483648, positive: 0 },
  ])('clears the sign bit of $n, giving $positive (not Math.abs)', ({ n, positive }) => {
    expect(toPositive(n)).toBe(positive);
  });
});
