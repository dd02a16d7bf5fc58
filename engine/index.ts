/**
 * Streamlab's engine: a deterministic Apache Kafka world on a step clock, and the Kafka shell
 * that drives it. Pure TypeScript: no DOM, no wall clock, no unseeded randomness, no I/O.
 */
export { applyCommand, type ApplyResult, type ApplyDetail } from './core/apply.ts';
export type { Command, CommandKind, CommandError, OffsetResetSpec } from './core/commands.ts';
export { address, type WorldEvent, type WorldEventKind } from './core/events.ts';
export { InvariantChecker } from './core/invariants.ts';
export { summarizeLedger, type LedgerSummary } from './core/ledger.ts';
export { isInLog, type LogSegments, type Segment } from './core/log-segments.ts';
export { summarizeProducerLedger, type ProducerLedgerSummary, type ProducerLedgerRecord } from './core/producer-ledger.ts';
export { summarizeOutputLedger, type OutputLedger } from './core/output-ledger.ts';
export { lastStableOffset } from './core/rules/partition-transactions.ts';
export { DEFAULT_OPTIONS, resolveOptions, type WorldOptions } from './core/options.ts';
export { murmur2, partitionForKey, toPositive, utf8Bytes } from './core/partitioner.ts';
export {
  busyReason,
  consoleOutput,
  describeGroupMembers,
  describeGroupOffsets,
  describeGroupState,
  isQuiet,
  ledgerOf,
  listGroups,
  listTopics,
  type ConsumedRecord,
  type GroupMemberRow,
  type GroupOffsetRow,
} from './core/queries.ts';
export { planOffsetReset, type OffsetResetPlan } from './core/rules/group-admin.ts';
export { describeWorld } from './core/serialize.ts';
export { tick } from './core/tick.ts';
export type * from './core/types.ts';
export { cloneWorld, createWorld, partitionKey } from './core/world.ts';
export { Timeline, type CheckpointPolicy, type TimelineEntry, type TimelineApplyResult, type TimelineMark } from './history/timeline.ts';
export { parseScript, completions, flagValue, flagValues, hasFlag, type Invocation, type ParseResult } from './shell/parse.ts';
export { formatShellError, type ShellError, type SourcePos } from './shell/source.ts';
export { splitTranscript, type TranscriptStep } from './shell/transcript.ts';
export { ShellSession, renderScript, type CommandOutcome, type ScriptOutcome } from './shell/session.ts';
export { runCell, type CellResult, type TranscriptMismatch } from './shell/transcript-check.ts';
export type { OutputLine, Stream } from './shell/output.ts';
export { checkLesson, extractKafkaCells, lessonSeed, type LessonCell, type LessonProblem } from './lessons/cells.ts';
export { ENGINE_VERSION } from './version.ts';
