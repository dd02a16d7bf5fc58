/**
 * Topic configs: which ones the simulator models, how Kafka 4.1 validates each value and the
 * exact message it gives (`LogConfig` definitions and `ConfigDef` validators,
 * /work/shared/reference/kafka-4-tools.md §9), and the canonical form the broker stores and
 * describes (`ConfigDef.convertToString`: `TRUE` is `true`, `007` is `7`).
 *
 * Set at creation (`kafka-topics --create --config`) or later (`kafka-configs --alter`). A config
 * Kafka has but the simulator does not model yet (segments and compaction: issue 12) is refused
 * in the simulator's own words rather than accepted and ignored.
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

interface ConfigSpec {
  /** The broker-level config it falls back to, as `kafka-configs --describe` lists synonyms. */
  readonly synonyms: readonly string[];
  parse(value: string): Parsed | { readonly bad: string };
  /** What the simulator cannot do with this value yet, or null. */
  notSimulated?(value: string): string | null;
}

/** The topic configs the simulator models. */
export const TOPIC_CONFIGS: Readonly<Record<string, ConfigSpec>> = {
  'cleanup.policy': {
    synonyms: ['DEFAULT_CONFIG:log.cleanup.policy=delete'],
    parse: (v) => parseList(v, ['compact', 'delete']),
    notSimulated: (v) => (v.split(',').includes('compact') ? 'log compaction (cleanup.policy=compact) is not simulated yet' : null),
  },
  // ELR (on by default in 4.1) writes a cluster-level min.insync.replicas=1 (kafka-4-tools.md §9).
  'min.insync.replicas': {
    synonyms: ['DYNAMIC_DEFAULT_BROKER_CONFIG:min.insync.replicas=1', 'DEFAULT_CONFIG:min.insync.replicas=1'],
    parse: (v) => parseWhole(v, 'INT', 1),
  },
  'retention.bytes': { synonyms: ['DEFAULT_CONFIG:log.retention.bytes=-1'], parse: (v) => parseWhole(v, 'LONG', null) },
  // The broker sets log.retention.hours, not log.retention.ms: no synonym is shown.
  'retention.ms': { synonyms: [], parse: (v) => parseWhole(v, 'LONG', -1) },
  'unclean.leader.election.enable': { synonyms: ['DEFAULT_CONFIG:unclean.leader.election.enable=false'], parse: parseBoolean },
};

/** Configs Kafka has that the simulator does not model yet (they belong to segments and compaction). */
const NOT_YET = new Set(['segment.ms', 'segment.bytes', 'min.cleanable.dirty.ratio', 'min.compaction.lag.ms', 'delete.retention.ms', 'max.compaction.lag.ms']);

/**
 * The configs in canonical form, or the controller's refusal of the first bad one: an unknown
 * name before any value (LogConfig.validateNames), then `Invalid value V for configuration N: why`.
 */
export function checkTopicConfigs(configs: readonly (readonly [string, string])[]): [string, string][] | CommandError {
  for (const [name] of configs) {
    if (NOT_YET.has(name)) return refuse('NotSimulated', `the topic config ${name} is not simulated yet (segments and compaction come later)`);
    if (!TOPIC_CONFIGS[name]) return refuse('InvalidConfigurationException', `Unknown topic config name: ${name}`);
  }
  const out: [string, string][] = [];
  for (const [name, value] of configs) {
    const spec = TOPIC_CONFIGS[name] as ConfigSpec;
    const parsed = spec.parse(value);
    if ('why' in parsed) return refuse('InvalidConfigurationException', `Invalid value ${value} for configuration ${name}: ${parsed.why}`);
    if ('bad' in parsed)
      return refuse('InvalidConfigurationException', `Invalid value ${parsed.bad} for configuration ${name}: String must be one of: compact, delete`);
    const unsupported = spec.notSimulated?.(parsed.value) ?? null;
    if (unsupported !== null) return refuse('NotSimulated', unsupported);
    out.push([name, parsed.value]);
  }
  return out;
}

/** A positive limit from a config value, or null when it means "no limit" (-1). */
function limit(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return n < 0 ? null : n;
}

/** The topic with `configs` as its dynamic configs, and the limits retention reads from them. */
export function withConfigs(topic: TopicState, configs: ReadonlyMap<string, string>): TopicState {
  return { ...topic, configs, retentionMs: limit(configs.get('retention.ms')), retentionBytes: limit(configs.get('retention.bytes')) };
}

/** `kafka-configs --describe`'s synonyms of a topic config set to `value`: its own, then the broker's. */
export function configSynonyms(name: string, value: string): string[] {
  return [`DYNAMIC_TOPIC_CONFIG:${name}=${value}`, ...(TOPIC_CONFIGS[name]?.synonyms ?? [])];
}
