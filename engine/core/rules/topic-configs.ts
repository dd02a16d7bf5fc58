/**
 * Topic configs: which ones the simulator models, how Kafka 4.1 validates each value and the
 * exact message it gives (`LogConfig` definitions and `ConfigDef` validators,
 * /work/shared/reference/kafka-4-tools.md §9), and the canonical form the broker stores and
 * describes (`ConfigDef.convertToString`: `TRUE` is `true`, `007` is `7`).
 *
 * Set at creation (`kafka-topics --create --config`) or later (`kafka-configs --alter`). A name
 * outside this table is refused with Kafka's unknown-name message rather than accepted and ignored.
 */
import type { CommandError } from '../commands.ts';
import type { TopicState } from '../types.ts';
import { refuse } from './context.ts';

type Parsed = { readonly value: string } | { readonly why: string };

const JAVA_INT = { min: -2_147_483_648, max: 2_147_483_647 };
const JAVA_LONG = { min: -9_223_372_036_854_775_808n, max: 9_223_372_036_854_775_807n };

/** Long.parseLong / Integer.parseInt of the trimmed text: a sign and decimal digits. */
function parseWhole(text: string, type: 'INT' | 'LONG', min: number | null): Parsed {
  const trimmed = text.trim();
  const notNumber = { why: `Not a number of type ${type}` };
  if (!/^[+-]?\d+$/.test(trimmed)) return notNumber;
  const n = BigInt(trimmed);
  const range = type === 'INT' ? { min: BigInt(JAVA_INT.min), max: BigInt(JAVA_INT.max) } : JAVA_LONG;
  if (n < range.min || n > range.max) return notNumber;
  if (min !== null && n < BigInt(min)) return { why: `Value must be at least ${min}` };
  return { value: n.toString() };
}

function parseBoolean(text: string): Parsed {
  const lower = text.trim().toLowerCase();
  return lower === 'true' || lower === 'false' ? { value: lower } : { why: 'Expected value to be either true or false' };
}

/** ConfigDef.ValidList.in: each element must be one of the choices; the first bad one is named. */
function parseList(text: string, choices: readonly string[]): Parsed | { readonly bad: string } {
  const items = text.split(',').map((s) => s.trim());
  const bad = items.find((i) => !choices.includes(i));
  if (bad !== undefined) return { bad };
  return { value: items.join(',') };
}

/**
 * Double.parseDouble of the trimmed text, in range, stored as Java's Double.toString prints it
 * (`1` is `1.0`, `0.0001` is `1.0E-4`). NaN passes Range.between as it does in Java (every
 * comparison with it is false).
 */
function parseDouble(text: string, min: number, max: number): Parsed {
  const trimmed = text.trim();
  if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(trimmed)) return { why: 'Not a number of type DOUBLE' };
  const n = Number(trimmed.replace(/[fFdD]$/, ''));
  if (n < min) return { why: `Value must be at least ${min}` };
  if (n > max) return { why: `Value must be no more than ${max}` };
  return { value: javaDoubleString(n) };
}

/** Java's Double.toString: plain decimals from 10^-3 to 10^7 (with at least one fraction digit), else `d.dddE±n`. */
function javaDoubleString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(n);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa = '', exponent = ''] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

interface ConfigSpec {
  /** The broker-level config it falls back to, as `kafka-configs --describe` lists synonyms. */
  readonly synonyms: readonly string[];
  parse(value: string): Parsed | { readonly bad: string };
}

/** The topic configs the simulator models. */
export const TOPIC_CONFIGS: Readonly<Record<string, ConfigSpec>> = {
  'cleanup.policy': {
    synonyms: ['DEFAULT_CONFIG:log.cleanup.policy=delete'],
    parse: (v) => parseList(v, ['compact', 'delete']),
  },
  'delete.retention.ms': { synonyms: ['DEFAULT_CONFIG:log.cleaner.delete.retention.ms=86400000'], parse: (v) => parseWhole(v, 'LONG', 0) },
  'max.compaction.lag.ms': { synonyms: ['DEFAULT_CONFIG:log.cleaner.max.compaction.lag.ms=9223372036854775807'], parse: (v) => parseWhole(v, 'LONG', 1) },
  'min.cleanable.dirty.ratio': { synonyms: ['DEFAULT_CONFIG:log.cleaner.min.cleanable.ratio=0.5'], parse: (v) => parseDouble(v, 0, 1) },
  'min.compaction.lag.ms': { synonyms: ['DEFAULT_CONFIG:log.cleaner.min.compaction.lag.ms=0'], parse: (v) => parseWhole(v, 'LONG', 0) },
  // ELR (on by default in 4.1) writes a cluster-level min.insync.replicas=1 (kafka-4-tools.md §9).
  'min.insync.replicas': {
    synonyms: ['DYNAMIC_DEFAULT_BROKER_CONFIG:min.insync.replicas=1', 'DEFAULT_CONFIG:min.insync.replicas=1'],
    parse: (v) => parseWhole(v, 'INT', 1),
  },
  'retention.bytes': { synonyms: ['DEFAULT_CONFIG:log.retention.bytes=-1'], parse: (v) => parseWhole(v, 'LONG', null) },
  // The broker sets log.retention.hours, not log.retention.ms: no synonym is shown.
  'retention.ms': { synonyms: [], parse: (v) => parseWhole(v, 'LONG', -1) },
  // The stock server.properties sets log.segment.bytes; Kafka 4.0 raised the minimum to 1 MiB (LogConfig: atLeast(1024 * 1024)).
  'segment.bytes': {
    synonyms: ['STATIC_BROKER_CONFIG:log.segment.bytes=1073741824', 'DEFAULT_CONFIG:log.segment.bytes=1073741824'],
    parse: (v) => parseWhole(v, 'INT', 1024 * 1024),
  },
  // Its broker synonyms are log.roll.ms (unset) then log.roll.hours: dropped as retention.ms's are.
  'segment.ms': { synonyms: [], parse: (v) => parseWhole(v, 'LONG', 1) },
  'unclean.leader.election.enable': { synonyms: ['DEFAULT_CONFIG:unclean.leader.election.enable=false'], parse: parseBoolean },
};

/** Kafka's defaults for the configs the log reads (LogConfig, ServerLogConfigs, CleanerConfig). */
const LOG_DEFAULTS = {
  'cleanup.policy': 'delete',
  'segment.ms': '604800000',
  'segment.bytes': '1073741824',
  'min.cleanable.dirty.ratio': '0.5',
  'min.compaction.lag.ms': '0',
  'max.compaction.lag.ms': '9223372036854775807',
  'delete.retention.ms': '86400000',
} as const;

/**
 * The configs in canonical form, or the controller's refusal of the first bad one: an unknown
 * name before any value (LogConfig.validateNames), then `Invalid value V for configuration N: why`.
 */
export function checkTopicConfigs(configs: readonly (readonly [string, string])[]): [string, string][] | CommandError {
  for (const [name] of configs) {
    if (!TOPIC_CONFIGS[name]) return refuse('InvalidConfigurationException', `Unknown topic config name: ${name}`);
  }
  const out: [string, string][] = [];
  for (const [name, value] of configs) {
    const spec = TOPIC_CONFIGS[name] as ConfigSpec;
    const parsed = spec.parse(value);
    if ('why' in parsed) return refuse('InvalidConfigurationException', `Invalid value ${value} for configuration ${name}: ${parsed.why}`);
    if ('bad' in parsed)
      return refuse('InvalidConfigurationException', `Invalid value ${parsed.bad} for configuration ${name}: String must be one of: compact, delete`);
    out.push([name, parsed.value]);
  }
  // LogConfig.validateValues, on the topic's configs as they would be.
  const [min, max] = [value(out, 'min.compaction.lag.ms'), value(out, 'max.compaction.lag.ms')];
  if (BigInt(min) > BigInt(max)) {
    return refuse('InvalidConfigurationException', `conflict topic config setting min.compaction.lag.ms (${min}) > max.compaction.lag.ms (${max})`);
  }
  return out;
}

function value(configs: readonly (readonly [string, string])[], name: keyof typeof LOG_DEFAULTS): string {
  return configs.find(([k]) => k === name)?.[1] ?? LOG_DEFAULTS[name];
}

/** What the log and its cleaner read from a topic's configs, with Kafka's defaults (times in Kafka milliseconds). */
export interface TopicLogConfig {
  /** `cleanup.policy` holds `compact`: the log cleaner keeps the latest record per key. */
  readonly compact: boolean;
  /** `cleanup.policy` holds `delete`: retention.ms and retention.bytes delete old segments. */
  readonly delete: boolean;
  readonly segmentMs: number;
  readonly segmentBytes: number;
  readonly minCleanableDirtyRatio: number;
  readonly minCompactionLagMs: number;
  readonly maxCompactionLagMs: number;
  readonly deleteRetentionMs: number;
}

/** The log configs of a topic whose dynamic configs are `configs`. */
export function logConfigOf(configs: ReadonlyMap<string, string>): TopicLogConfig {
  const get = (name: keyof typeof LOG_DEFAULTS) => configs.get(name) ?? LOG_DEFAULTS[name];
  const policy = get('cleanup.policy').split(',');
  return {
    compact: policy.includes('compact'),
    delete: policy.includes('delete'),
    segmentMs: Number(get('segment.ms')),
    segmentBytes: Number(get('segment.bytes')),
    minCleanableDirtyRatio: Number(get('min.cleanable.dirty.ratio')),
    minCompactionLagMs: Number(get('min.compaction.lag.ms')),
    maxCompactionLagMs: Number(get('max.compaction.lag.ms')),
    deleteRetentionMs: Number(get('delete.retention.ms')),
  };
}

/** A positive limit from a config value, or null when it means "no limit" (-1). */
function limit(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return n < 0 ? null : n;
}

/** The topic with `configs` as its dynamic configs, and the limits retention reads from them. */
export function withConfigs(topic: TopicState, configs: ReadonlyMap<string, string>): TopicState {
  return {
    ...topic,
    configs,
    retentionMs: limit(configs.get('retention.ms')),
    retentionBytes: limit(configs.get('retention.bytes')),
    logConfig: logConfigOf(configs),
  };
}

/** `kafka-configs --describe`'s synonyms of a topic config set to `value`: its own, then the broker's. */
export function configSynonyms(name: string, value: string): string[] {
  return [`DYNAMIC_TOPIC_CONFIG:${name}=${value}`, ...(TOPIC_CONFIGS[name]?.synonyms ?? [])];
}
