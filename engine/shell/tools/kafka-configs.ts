/**
 * kafka-configs for topics, printing what Kafka 4.1's ConfigCommand prints
 * (/work/shared/reference/kafka-4-tools.md §9): `--describe` lists a topic's dynamic configs with
 * their synonyms, `--alter` sets (`--add-config`) and removes (`--delete-config`) them. Argument
 * errors print their bare message on stderr; the broker's refusals come back through the admin
 * client's ExecutionException, which the tool prints whole (without stack frames, as every tool
 * here), exit 1. Other entity types (brokers, clients, users, …) are not simulated.
 */
import { TOPIC_CONFIGS, configSynonyms } from '../../core/rules/topic-configs.ts';
import { flagValue, hasFlag, type Invocation } from '../parse.ts';
import type { ToolContext } from '../tool-context.ts';
import { usageError } from './kafka-topics.ts';

const ENTITY_TYPES = ['topics', 'clients', 'users', 'brokers', 'ips', 'client-metrics', 'groups', 'broker-loggers'];

/** An argument error: ConfigCommand's main prints only the message, on stderr. */
function argumentError(ctx: ToolContext, message: string): number {
  ctx.output.err(message);
  return 1;
}

/** The broker refused: the whole ExecutionException, after the echoed arguments. */
function executionError(ctx: ToolContext, inv: Invocation, exception: string, message: string): number {
  ctx.output.err(`Error while executing config command with args '${argsOf(inv)}'`);
  ctx.output.err(`java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.${exception}: ${message}`);
  ctx.output.err(`Caused by: org.apache.kafka.common.errors.${exception}: ${message}`);
  return 1;
}

/** The arguments as the tool received them (`args.mkString(" ")`): the command's words after the tool. */
function argsOf(inv: Invocation): string {
  const firstLine = inv.text.split('\n')[0] ?? '';
  return firstLine.trim().split(/\s+/).slice(1).join(' ');
}

/**
 * `--add-config`: pairs split on commas outside square brackets, each on `\s*=\s*`, brackets
 * removed from values (ConfigCommand.parseConfigsToBeAdded), or the requirement it failed.
 */
function parseAddConfig(text: string): [string, string][] | string {
  const pairs: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      pairs.push(current);
      current = '';
    } else current += ch;
  }
  pairs.push(current);
  const out: [string, string][] = [];
  for (const pair of pairs) {
    const parts = pair.split(/\s*=\s*/);
    if (parts.length !== 2 || (parts[0] ?? '') === '') {
      return 'requirement failed: Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.';
    }
    const key = (parts[0] ?? '').trim();
    if (!/^[a-zA-Z0-9._-]*$/.test(key)) return `Invalid character found for config key: ${key}`;
    out.push([key, (parts[1] ?? '').replace(/[[\]]/g, '')]);
  }
  return out;
}

export function runKafkaConfigs(ctx: ToolContext, inv: Invocation): number {
  if (inv.flags.length === 0 && !inv.text.includes('--bootstrap-server')) {
    return usageError(ctx, 'This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group');
  }
  const describe = hasFlag(inv, '--describe');
  const alter = hasFlag(inv, '--alter');
  if (describe === alter) return usageError(ctx, 'Command must include exactly one action: --describe, --alter');
  if (describe) {
    const extra = ['--add-config', '--delete-config'].find((f) => hasFlag(inv, f));
    if (extra) return usageError(ctx, `Option "[describe]" can't be used with option "[${extra.slice(2)}]"`);
  }
  const topicFlag = flagValue(inv, '--topic');
  const entityType = flagValue(inv, '--entity-type');
  if (entityType !== null && !ENTITY_TYPES.includes(entityType)) {
    return argumentError(
      ctx,
      `Invalid entity type ${entityType}, the entity type must be one of ${ENTITY_TYPES.join(', ')} with a --bootstrap-server or --bootstrap-controller argument`,
    );
  }
  if (entityType === null && topicFlag === null) return argumentError(ctx, 'At least one entity type must be specified');
  if (topicFlag !== null && (entityType !== null || hasFlag(inv, '--entity-name'))) {
    return argumentError(ctx, '--entity-{type,name,default} should not be used in conjunction with specific entity flags');
  }
  if (entityType !== null && entityType !== 'topics')
    return argumentError(ctx, `error: kafka-configs for ${entityType} is not simulated: Streamlab models topic configs only`);
  const name = topicFlag ?? flagValue(inv, '--entity-name');
  return describe ? describeConfigs(ctx, name) : alterConfigs(ctx, inv, name);
}

function describeOne(ctx: ToolContext, name: string): void {
  const topic = ctx.world.topics.get(name);
  ctx.output.out(`Dynamic configs for topic ${name} are:`);
  const entries = [...(topic?.configs ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k, v] of entries) ctx.output.out(`  ${k}=${v} sensitive=false synonyms={${configSynonyms(k, v).join(', ')}}`);
}

function describeConfigs(ctx: ToolContext, name: string | null): number {
  if (name !== null) {
    // New in 4.1 (KAFKA-18904): a missing topic is said on stdout, exit 0.
    if (!ctx.world.topics.has(name)) {
      ctx.output.out(`The topic '${name}' doesn't exist and doesn't have dynamic config.`);
      return 0;
    }
    describeOne(ctx, name);
    return 0;
  }
  for (const topic of [...ctx.world.topics.keys()].sort()) describeOne(ctx, topic);
  return 0;
}

function alterConfigs(ctx: ToolContext, inv: Invocation, name: string | null): number {
  if (name === null) return argumentError(ctx, 'An entity name must be specified with --alter of topics');
  const add = flagValue(inv, '--add-config');
  const del = flagValue(inv, '--delete-config');
  if (add === null && del === null)
    return argumentError(ctx, 'At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter');
  const set = add === null ? [] : parseAddConfig(add);
  if (typeof set === 'string') return argumentError(ctx, set);
  const topic = ctx.world.topics.get(name);
  // The tool describes the topic first (to check --delete-config): a missing topic fails there.
  if (!topic) return executionError(ctx, inv, 'UnknownTopicOrPartitionException', 'This server does not host this topic-partition.');
  const remove = del === null ? [] : del.split(',');
  // Only configs the topic has dynamically can be deleted; unknown names fail the same way.
  const invalid = remove.filter((k) => !topic.configs.has(k) || !TOPIC_CONFIGS[k]);
  if (invalid.length > 0) return argumentError(ctx, `Invalid config(s): ${invalid.join(',')}`);
  const result = ctx.apply({ kind: 'alterTopicConfigs', topic: name, set, remove });
  if (!result.ok) {
    if (result.error.code === 'NotSimulated' || result.error.code === 'SimulatorLimit') return argumentError(ctx, `error: ${result.error.message}`);
    return executionError(ctx, inv, result.error.code, result.error.message);
  }
  ctx.output.out(`Completed updating config for topic ${name}.`);
  return 0;
}
