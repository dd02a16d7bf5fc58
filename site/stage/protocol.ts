/**
 * What the page and the engine worker say to each other, and the scene the stage draws.
 *
 * The engine runs in a Web Worker (site/stage/kernel/): the page never holds the world, only
 * frames — the world at one tick, projected to plain data by `sceneOf` — so a long command can
 * never freeze the page, and the view cannot mutate the engine. Everything here is
 * structured-clone safe: no classes, no Maps, no functions.
 */
import type { NotebookScript } from './kernel/notebook-script.ts';
import type { Watch } from './kernel/watches.ts';
import type { ConsumerPhase, ConsumerStatus, GroupStateName, ProducerStatus, TopicPartition, WorldEventKind } from '../../engine/index.ts';

/**
 * Where a transactional record's transaction stands: `open` (no outcome yet), `committing` /
 * `aborting` (decided by the coordinator, its marker not yet written here), `committed`,
 * `aborted` (in the partition's aborted index: read_committed consumers skip it).
 */
export type SceneTxnState = 'open' | 'committing' | 'aborting' | 'committed' | 'aborted';

/** One record as the tape shows it (values cut to a preview). */
export interface SceneRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  /** A transaction marker (a control record no consumer returns), or null for data. */
  readonly marker: 'COMMIT' | 'ABORT' | null;
  /** The transaction of a transactional producer's data record, or null for any other record. */
  readonly txn: SceneTxnState | null;
}

/** One replica of a partition: the log a broker holds of it. */
export interface SceneReplica {
  readonly broker: number;
  /** Its log end: the leader's is the partition's log end. */
  readonly logEnd: number;
  readonly leader: boolean;
  readonly inIsr: boolean;
  /** An eligible leader replica (it left the ISR while the ISR was below min.insync.replicas). */
  readonly inElr: boolean;
  /** Its broker is not serving (crashed, stopped, or restarting). */
  readonly down: boolean;
  /** Where its log stops being the leader's (records an older leader wrote, to be truncated), or null. */
  readonly divergesAt: number | null;
}

export interface SceneBroker {
  readonly id: number;
  readonly status: 'running' | 'crashed' | 'stopped' | 'starting';
  /** The controller fenced it: it leads nothing and is in no ISR. */
  readonly fenced: boolean;
  readonly slow: boolean;
  /** Partitions it leads, of those drawn. */
  readonly leads: number;
}

export interface ScenePartition {
  readonly topic: string;
  readonly partition: number;
  readonly logStart: number;
  readonly logEnd: number;
  readonly highWatermark: number;
  /** The leading broker, or -1 when the partition has none (offline). */
  readonly leader: number;
  readonly leaderEpoch: number;
  /** Every replica in replica order (the first is the preferred leader). */
  readonly replicas: readonly SceneReplica[];
  readonly isr: readonly number[];
  readonly elr: readonly number[];
  readonly lastKnownElr: readonly number[];
  /** The last stable offset: read_committed consumers read below it (the high watermark when no transaction is open). */
  readonly lastStable: number;
  /** Where segments begin after the log start (each closed segment's successor and the active one), in the drawn window, ascending. */
  readonly segmentStarts: readonly number[];
  /** Offsets in the drawn window the log cleaner removed, as [from, to) runs. */
  readonly cleaned: readonly (readonly [number, number])[];
  /**
   * A bounded selection of the partition's records, ascending by offset: all of them when the log
   * is short, otherwise the offsets around the log end and around every committed offset and
   * consumer position (see `recordWindow`). Offsets missing here exist; the stage elides them.
   */
  readonly records: readonly SceneRecord[];
}

export interface SceneTopic {
  readonly name: string;
  readonly partitions: readonly ScenePartition[];
  /**
   * A compacted topic read as a table: the latest value of every key, as a consumer reading from
   * the beginning (read_committed) ends up with it, keys in the order they were last written;
   * absent or null when the topic is not compacted, or too long to tabulate per frame.
   */
  readonly table?: readonly TableRow[] | null;
}

/** One key of a compacted topic's table, with its latest value and where that value is. */
export interface TableRow {
  readonly key: string;
  readonly value: string;
  readonly partition: number;
  readonly offset: number;
}

export interface SceneProducer {
  readonly name: string;
  readonly topic: string;
  readonly status: ProducerStatus;
  /** A one-shot console producer (kafka-console-producer) rather than a `sim producer` application. */
  readonly console: boolean;
  readonly emitted: number;
  readonly acked: number;
  readonly failed: number;
  /**
   * Acknowledged records no longer in the log (the producer ledger's `lost`), counted while the
   * cluster can fail; null when not counted (one healthy broker, or a ledger too long to count per frame).
   */
  readonly lost: number | null;
  /** A transactional producer's transactional.id, or null. */
  readonly transactionalId: string | null;
  /** What a transactional producer is doing: initializing, in a transaction, committing, aborting, idle, or fenced; null otherwise. */
  readonly transaction: 'initializing' | 'ready' | 'in-transaction' | 'committing' | 'aborting' | 'fenced' | null;
}

export interface SceneOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface SceneMember {
  readonly memberId: string;
  /** The consumer application this member belongs to. */
  readonly consumer: string;
  readonly clientId: string;
  readonly assignment: readonly TopicPartition[];
}

/** What the processing ledger of a group says (the numbers `sim ledger --group G` prints). */
export interface SceneLedger {
  readonly processed: number;
  readonly distinct: number;
  readonly duplicated: number;
  readonly skipped: number;
  /** Duplicated records with how many times each was processed (at most LEDGER_LIST_LIMIT). */
  readonly duplicatedRecords: readonly (SceneOffset & { readonly times: number })[];
  /** Skipped records (at most LEDGER_LIST_LIMIT). */
  readonly skippedRecords: readonly SceneOffset[];
}

export interface SceneGroup {
  readonly id: string;
  readonly state: GroupStateName;
  readonly generation: number;
  /**
   * The group's place in the order the world's groups were created: its colour on the stage. A
   * group keeps it while others come and go (a console consumer's group sorts first by name, and
   * must not repaint every other group when it appears).
   */
  readonly colour: number;
  readonly members: readonly SceneMember[];
  /** Committed offsets, by topic then partition (of the partitions drawn, when some were left out). */
  readonly committed: readonly SceneOffset[];
  readonly ledger: SceneLedger;
}

export interface SceneConsumer {
  readonly name: string;
  readonly group: string;
  readonly status: ConsumerStatus;
  readonly phase: ConsumerPhase;
  readonly memberId: string | null;
  /** The console consumer of a kafka-console-consumer command (it exists only while the command runs). */
  readonly console: boolean;
  readonly assignment: readonly TopicPartition[];
  /** Next offset to fetch, per assigned partition drawn (in memory: gone after a crash). */
  readonly positions: readonly SceneOffset[];
  /** The record being processed right now, or null. */
  readonly processing: SceneOffset | null;
  /** Records of the poll batch in hand not yet processed, as [from, to) ranges (the one in `processing` excluded). */
  readonly pending: readonly { readonly topic: string; readonly partition: number; readonly from: number; readonly to: number }[];
}

/** A message on the simulated network, drawn as marks travelling from `from` to `to`. */
export interface SceneMessage {
  /** Stable while the message is in flight, so a mark can be followed from frame to frame. */
  readonly id: string;
  readonly kind: 'produce' | 'produce-response' | 'fetch' | 'fetch-response' | 'commit' | 'commit-response' | 'txn-request' | 'txn-response';
  /** Addresses as engine events use them: `producer:NAME`, `partition:T/P`, `consumer:NAME`, `group:G`. */
  readonly from: string;
  readonly to: string;
  readonly arriveTick: number;
  /** Records carried: a produce request's batch, a fetch answer's records; 0 for the others. */
  readonly records: number;
}

/** One row of the state table: the numbers `kafka-consumer-groups --describe --group G` prints. */
export interface StateRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** CURRENT-OFFSET; null prints as `-`. */
  readonly committed: number | null;
  readonly logEnd: number | null;
  readonly lag: number | null;
  /** CLIENT-ID of the owning member; null prints as `-`. */
  readonly member: string | null;
}

/** The world at one tick, as the stage draws it. */
export interface Scene {
  readonly tick: number;
  /** The cluster's brokers, by id. */
  readonly brokers: readonly SceneBroker[];
  readonly producers: readonly SceneProducer[];
  readonly topics: readonly SceneTopic[];
  readonly groups: readonly SceneGroup[];
  readonly consumers: readonly SceneConsumer[];
  readonly messages: readonly SceneMessage[];
  /** Messages left out of `messages` to keep a frame small. */
  readonly messagesOmitted: number;
  /**
   * Partitions of the world left out of `topics` (the last ones in topic-name, partition order):
   * a frame is sent for every tick played, so a huge world cannot travel whole in each.
   */
  readonly partitionsOmitted: number;
  /** The state table's rows; at most 400 (kernel/scene-limits.ts), the rest left out. */
  readonly table: readonly StateRow[];
}

/** An engine event with its record payloads dropped: what the stage animates and narrates. */
export interface StageEvent {
  readonly kind: WorldEventKind;
  readonly source: string;
  readonly destination: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;
  /** [from, to) for ranges of records, or [baseOffset, baseOffset + count). */
  readonly from?: number;
  readonly to?: number;
  readonly count?: number;
  readonly consumer?: string;
  readonly group?: string;
  readonly memberId?: string;
  readonly producer?: string;
  /** At most 64 (a commit or a fetch of every partition a consumer owns); `offsetsOmitted` counts the rest. */
  readonly offsets?: readonly SceneOffset[];
  readonly offsetsOmitted?: number;
  readonly reason?: string;
  readonly error?: string | null;
  /** Broker events: the broker; leader.elected: the new leader, the old one (-1: none) and how it was chosen; isr.changed: the new ISR. */
  readonly broker?: number;
  readonly leader?: number;
  readonly previous?: number;
  readonly cause?: string;
  readonly isr?: readonly number[];
  /** Transaction events: the transactional.id, the outcome (COMMIT or ABORT; a marker's type) and the producer epoch. */
  readonly transactionalId?: string;
  readonly result?: string;
  readonly epoch?: number;
}

/** The world at tick `tick` and the events of that tick. */
export interface Frame {
  readonly tick: number;
  readonly scene: Scene;
  readonly events: readonly StageEvent[];
}

/** Ticks where something worth a mark on the scrubber happened. */
export interface TimelineMark {
  readonly tick: number;
  readonly kind: 'crash' | 'rebalance' | 'commit' | 'action';
}

/** One line a command printed. */
export interface PrintedLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** One command of a cell (a transcript's `$ ` step, or the whole of a plain script) and what it printed. */
export interface CellStepResult {
  /** Index of the step in the cell (transcripts: the n-th `$ ` command; plain scripts: 0). */
  readonly step: number;
  readonly output: readonly PrintedLine[];
  /** The transcript's expected lines; null for a plain script. */
  readonly expected: readonly string[] | null;
  /** True when the output equals the expected lines (trailing blanks ignored); null without a transcript. */
  readonly matches: boolean | null;
  readonly exitCode: number;
}

/** What running a cell did. */
export interface CellRunResult {
  readonly cell: number;
  /**
   * What went wrong, formatted exactly as the lesson checker prints it (line and column in the cell);
   * null when the cell ran cleanly. A cell that does not parse runs nothing (and stays idle); a plain
   * script that exits non-zero ran its commands up to the failing one (and is `ran`).
   */
  readonly error: string | null;
  /** 1-based line in the cell of the error, for marking it; null without an error. */
  readonly errorLine: number | null;
  readonly steps: readonly CellStepResult[];
  /** Head tick before and after: the stage plays (fromTick, toTick]. */
  readonly fromTick: number;
  readonly toTick: number;
}

/** What the reader did on the stage (crash, restart, stop buttons), as the `sim` command it issued. */
export interface StageAction {
  readonly command: string;
  readonly tick: number;
}

/**
 * The notebook's history as data: replaying these operations in order on a fresh world with the
 * same seed rebuilds the same timeline, byte for byte (saved progress, a cancelled run's rebuild).
 */
export type NotebookOp =
  | { readonly op: 'cell'; readonly cell: number }
  | { readonly op: 'act'; readonly command: string; readonly tick: number }
  | { readonly op: 'advance'; readonly ticks: number; readonly untilQuiet: boolean };

/** Ticks one `advance` steps at most: a shell command waits no longer (engine/shell/tool-context.ts MAX_WAIT_TICKS). */
export const ADVANCE_LIMIT = 100_000;
/** A stage action's command is one short line. */
export const ACT_COMMAND_LIMIT = 300;

/**
 * Whether `value` is an operation a notebook of `cellCount` cells can replay. Logs come back from
 * places that are not trusted to have the right shape (local storage, a worker restarted from
 * the page's copy), so the worker and the page check them with this one rule.
 */
export function isNotebookOp(value: unknown, cellCount: number): value is NotebookOp {
  if (typeof value !== 'object' || value === null) return false;
  const op = value as Record<string, unknown>;
  const count = (n: unknown, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
  switch (op['op']) {
    case 'cell':
      return count(op['cell'], cellCount - 1);
    case 'act':
      return typeof op['command'] === 'string' && op['command'].length <= ACT_COMMAND_LIMIT && count(op['tick'], Number.MAX_SAFE_INTEGER);
    case 'advance':
      return count(op['ticks'], ADVANCE_LIMIT) && typeof op['untilQuiet'] === 'boolean';
    default:
      return false;
  }
}

/**
 * Where a cell stands: `idle` = not run; `ran` = its effects are in the timeline; `cut` = it ran,
 * but the reader later acted in the past and part of the ticks it covered were discarded, so its
 * printed output describes a discarded future.
 */
export type CellState = 'idle' | 'ran' | 'cut';

/** The timeline after an operation: what the scrubber and the cells need. */
export interface TimelineStatus {
  readonly headTick: number;
  readonly marks: readonly TimelineMark[];
  /** The world is quiet at the head: nothing more happens until someone acts. */
  readonly quietAtHead: boolean;
  /**
   * Frames at or after this tick changed in the last operation; the page drops its cached copies
   * of them. `headTick + 1` when the operation changed nothing.
   */
  readonly changedFrom: number;
  /** The state of every cell of the notebook, by index. */
  readonly cells: readonly CellState[];
  /** Per watch `init` gave (the page's guided steps), the first tick an event met it, or null. */
  readonly watchHits: readonly (number | null)[];
}

/** Requests from the page to the worker. Every request carries an id its answer repeats. */
export type KernelRequest =
  | { readonly id: number; readonly type: 'init'; readonly seed: number; readonly cells: readonly string[]; readonly watches?: readonly Watch[] }
  | { readonly id: number; readonly type: 'runCells'; readonly cells: readonly number[] }
  | { readonly id: number; readonly type: 'act'; readonly command: string; readonly tick: number }
  | { readonly id: number; readonly type: 'advance'; readonly ticks: number; readonly untilQuiet: boolean }
  | { readonly id: number; readonly type: 'frames'; readonly from: number; readonly to: number }
  | { readonly id: number; readonly type: 'ledger'; readonly group: string; readonly tick: number }
  /** Rebuilds the notebook from `ops` on a fresh world with the seed and cells `init` gave (saved progress, a restarted worker). */
  | { readonly id: number; readonly type: 'replay'; readonly ops: readonly NotebookOp[] }
  | { readonly id: number; readonly type: 'reset' }
  /** The notebook as one straight script, each command with what it prints (the playground's exports). */
  | { readonly id: number; readonly type: 'script' };

/** Answers from the worker. */
export type KernelResponse =
  /** After init, reset and replay: `frame` is the frame at the head (tick 0 after init and reset). */
  | { readonly id: number; readonly type: 'ready'; readonly status: TimelineStatus; readonly frame: Frame }
  | {
      readonly id: number;
      readonly type: 'cellsRun';
      readonly results: readonly CellRunResult[];
      readonly status: TimelineStatus;
      readonly frames: readonly Frame[];
      /** The operations this request added to the notebook's log (what `replay` needs); the page keeps them. */
      readonly ops: readonly NotebookOp[];
    }
  | {
      readonly id: number;
      readonly type: 'acted';
      readonly output: readonly PrintedLine[];
      readonly ok: boolean;
      /** The tick the action was taken at: the one asked for, clamped to [0, head]. */
      readonly tick: number;
      /** Ticks of history the action discarded (it was taken in the past). */
      readonly discardedTicks: number;
      readonly status: TimelineStatus;
      readonly frames: readonly Frame[];
      /** The operations this request added to the notebook's log: none when the action changed nothing. */
      readonly ops: readonly NotebookOp[];
    }
  | { readonly id: number; readonly type: 'advanced'; readonly status: TimelineStatus; readonly frames: readonly Frame[]; readonly ops: readonly NotebookOp[] }
  | { readonly id: number; readonly type: 'frames'; readonly frames: readonly Frame[] }
  | { readonly id: number; readonly type: 'ledger'; readonly lines: readonly PrintedLine[] }
  | { readonly id: number; readonly type: 'script'; readonly script: NotebookScript }
  | { readonly id: number; readonly type: 'failed'; readonly message: string };
