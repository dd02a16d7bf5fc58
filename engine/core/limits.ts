/**
 * The simulator's limits: how big a world may grow and how much one command may do. A share
 * link or a typo must never freeze a tab or exhaust memory, so every size a user controls is
 * bounded here, in the engine, where the CLI, the site and the playground all meet it.
 *
 * Sized so that every lesson and the 1,000,000-record benchmark fit with room to spare, and so
 * that nothing one command asks for takes more than a few seconds or a few hundred MB
 * (`npm run bench` measures the worst cases). Where Kafka has a limit of its own it is cited,
 * and going over it gets Kafka's error; elsewhere the refusal names the limit, as
 * `limitMessage` words it.
 */
export const LIMITS = {
  /**
   * Partitions one create request may make. Kafka: ReplicationControlManager's
   * MAX_PARTITIONS_PER_BATCH (10,000) refuses more with PolicyViolationException
   * "Excessively large number of partitions per request." (it once ran controllers out of memory).
   */
  partitionsPerRequest: 10_000,
  /** Partitions of one topic (Kafka has no hard cap; a simulated one draws every partition). */
  partitionsPerTopic: 10_000,
  /** Partitions of all topics together. */
  partitionsPerWorld: 20_000,
  /** Brokers of a cluster (the world has one broker until the cluster issue adds more). */
  brokers: 16,
  /** Consumer applications, running or not (each is one group member while it runs). */
  consumers: 2_000,
  /** Producer applications (`sim producer start`; console producers come and go). */
  producers: 1_000,
  /** Records held in all logs together; a broker refuses appends beyond it until retention or a deletion frees room. */
  recordsRetained: 2_000_000,
  /**
   * Dirty records one cleaning maps (the log cleaner's offset map; Kafka's holds millions of keys
   * in log.cleaner.dedupe.buffer.size): a longer dirty part is cleaned over several runs, so one
   * run's work is this plus the records already cleaned that it rewrites.
   */
  cleanerMapRecords: 200_000,
  /** Records one `sim producer` emits per send (`--batch`). */
  batchRecords: 10_000,
  /** Records one console-producer command sends (heredoc lines). */
  recordsPerCommand: 100_000,
  /** Ticks one command may advance the clock (`sim tick N`, `sim run --max-ticks N`, a tool's wait). */
  ticksPerCommand: 100_000,
  /**
   * Work one command may do, counted as events plus records appended (deterministic, unlike a
   * clock): a thousand busy members for 100,000 ticks would take a minute, so the command stops
   * early and says so. About two seconds of work on this project's 2-core CI machine.
   */
  workPerCommand: 3_000_000,
  /** Characters of one shell word (a record value, a name). Kafka's producer refuses records over 1 MiB anyway. */
  wordChars: 2 * 1024 * 1024,
  /** Characters of one heredoc body. */
  heredocChars: 8 * 1024 * 1024,
  /** Characters of one script or cell. */
  scriptChars: 32 * 1024 * 1024,
  /** Characters of a name (topic, group, application): Kafka's topic name limit, applied to every name. */
  nameChars: 249,
  /** A tick is a JavaScript number: stay where every integer is exact. */
  tick: Number.MAX_SAFE_INTEGER,
} as const;

export type LimitName = keyof typeof LIMITS;

/** The code of a command refused by one of these limits (CommandError.code). */
export const SIMULATOR_LIMIT = 'SimulatorLimit';

/** What a user reads when a limit refuses something: the limit's value and where it is documented. */
export function limitMessage(what: string, limit: number, unit: string): string {
  return `${what}: over the simulator's limit of ${limit.toLocaleString('en-US')} ${unit} (see "Limits" in docs/shell.md)`;
}
