/**
 * How big Kafka's producer considers a record, for its max.request.size check
 * (KafkaProducer.doSend → ensureValidRecordSize). Kafka sources modelled:
 *   clients/.../common/record/AbstractRecords.java     estimateSizeInBytesUpperBound
 *   clients/.../common/record/DefaultRecordBatch.java  RECORD_BATCH_OVERHEAD (61)
 *   clients/.../common/record/DefaultRecord.java       MAX_RECORD_OVERHEAD (21), sizeOf
 *   clients/.../common/utils/ByteUtils.java            sizeOfVarint (zig-zag)
 */
import type { CommandError } from './commands.ts';
import { utf8Bytes } from './partitioner.ts';
import type { RecordHeader } from './record-store.ts';
import { refuse } from './rules/context.ts';

/** Kafka's max.request.size default (ProducerConfig, 1024 * 1024 bytes). */
export const DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

/** Bytes of a protobuf-style zig-zag varint (ByteUtils.sizeOfVarint). */
function sizeOfVarint(value: number): number {
  let rest = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while (rest >= 0x80) {
    rest >>>= 7;
    bytes++;
  }
  return bytes;
}

/** A length-prefixed field: a varint length then the bytes, or a 1-byte varint -1 for null. */
function sizeOfField(bytes: number | null): number {
  return bytes === null ? sizeOfVarint(-1) : sizeOfVarint(bytes) + bytes;
}

/**
 * The size KafkaProducer checks against max.request.size: AbstractRecords.estimateSizeInBytesUpperBound
 * for magic v2 without compression, i.e. a whole batch header (DefaultRecordBatch.RECORD_BATCH_OVERHEAD,
 * 61 bytes) plus DefaultRecord.recordSizeUpperBound (21 bytes of worst-case length, attributes,
 * timestamp and offset deltas, then key, value and headers as varint-prefixed UTF-8 bytes).
 */
export function serializedSizeUpperBound(key: string | null, value: string | null, headers: readonly RecordHeader[]): number {
  const utf8 = (text: string | null) => (text === null ? null : utf8Bytes(text).length);
  let size = 61 + 21 + sizeOfField(utf8(key)) + sizeOfField(utf8(value)) + sizeOfVarint(headers.length);
  for (const h of headers) size += sizeOfField(utf8(h.key)) + sizeOfField(utf8(h.value));
  return size;
}

/** KafkaProducer.ensureValidRecordSize: a record over max.request.size is refused before it is sent. */
export function checkRecordSize(size: number, maxRequestSize: number): CommandError | null {
  if (size <= maxRequestSize) return null;
  return refuse(
    'RecordTooLargeException',
    `The message is ${size} bytes when serialized which is larger than ${maxRequestSize}, which is the value of the max.request.size configuration.`,
  );
}
