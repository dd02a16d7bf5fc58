/**
 * Commands: everything that can be done to the world from outside. Lessons, the shell and
 * tests drive the engine only through these (scenarios are data, never engine branches).
 */
import type { RecordHeader } from './record-store.ts';
import type { Acks, AssignorName, CommitMode, IsolationLevel, OffsetResetPolicy, TopicPartition } from './types.ts';

/** How `kafka-consumer-groups --reset-offsets` picks the new offset. */
export type OffsetResetSpec =
  { readonly to: 'earliest' } | { readonly to: 'latest' } | { readonly to: 'offset'; readonly offset: number } | { readonly to: 'shift'; readonly by: number };

export type Command =
  | { readonly kind: 'seed'; readonly seed: number }
  | {
      readonly kind: 'createTopic';
      readonly topic: string;
      readonly partitions: number;
      readonly replicationFactor?: number;
      /** Kafka topic configs (`retention.ms`, `retention.bytes`, …), in the order given. */
      readonly configs?: readonly (readonly [string, string])[];
    }
  | { readonly kind: 'deleteTopic'; readonly topic: string }
  /** `kafka-configs --alter` of a topic: configs to set, then configs to remove. */
  | {
      readonly kind: 'alterTopicConfigs';
      readonly topic: string;
      readonly set: readonly (readonly [string, string])[];
      readonly remove: readonly string[];
    }
  | { readonly kind: 'alterPartitions'; readonly topic: string; readonly partitions: number }
  | {
      /** The console producer: send these records once; the producer finishes when all are answered. */
      readonly kind: 'produce';
      readonly topic: string;
      readonly records: readonly { readonly key: string | null; readonly value: string | null; readonly headers?: readonly RecordHeader[] }[];
      readonly acks?: Acks;
      readonly clientId?: string;
    }
  | {
      readonly kind: 'startProducer';
      readonly name: string;
      readonly topic: string;
      readonly everyTicks?: number;
      readonly count?: number | null;
      readonly batch?: number;
      readonly keys?: readonly string[];
      /** `{n}` is replaced by the record number, from 1. */
      readonly valueTemplate?: string;
      readonly acks?: Acks;
      readonly idempotent?: boolean;
    }
  | { readonly kind: 'stopProducer'; readonly name: string }
  | {
      readonly kind: 'startConsumer';
      readonly name: string;
      readonly group: string;
      readonly topics: readonly string[];
      readonly commitMode?: CommitMode;
      readonly autoCommitIntervalTicks?: number;
      readonly processTicks?: number;
      readonly maxPollRecords?: number;
      readonly offsetReset?: OffsetResetPolicy;
      readonly assignor?: AssignorName;
      /** `isolation.level` (Kafka's default: read_uncommitted). */
      readonly isolation?: IsolationLevel;
      readonly clientId?: string;
      /** The console consumer: capture what it processes and close after this many (null: once caught up). */
      readonly console?: { readonly maxMessages: number | null };
    }
  | {
      /**
       * `sim processor start`: reads `from`, writes one record to `to` per record it processes;
       * with `exactlyOnce`, one transaction per poll batch with the batch's offsets inside it.
       */
      readonly kind: 'startProcessor';
      readonly name: string;
      readonly group: string;
      readonly from: string;
      readonly to: string;
      readonly exactlyOnce?: boolean;
      readonly processTicks?: number;
      readonly maxPollRecords?: number;
      /** The output value: `{value}`, `{key}` and `{offset}` are the input record's (default `{value}`). */
      readonly transform?: string;
    }
  | { readonly kind: 'stopConsumer'; readonly name: string }
  | { readonly kind: 'crashConsumer'; readonly name: string }
  | { readonly kind: 'restartConsumer'; readonly name: string }
  /** Forgets a stopped consumer application entirely (the console consumer after it printed). */
  | { readonly kind: 'removeConsumer'; readonly name: string }
  | {
      readonly kind: 'resetOffsets';
      readonly group: string;
      readonly topic: string;
      /** Partitions to reset; all of the topic's when omitted. */
      readonly partitions?: readonly number[];
      readonly spec: OffsetResetSpec;
    }
  | { readonly kind: 'deleteGroup'; readonly group: string }
  /** The cluster's size, set before any topic exists (`sim cluster --brokers N`): brokers 1 … N. */
  | { readonly kind: 'configureCluster'; readonly brokers: number }
  /** One more broker, numbered after the highest (`sim broker add`). */
  | { readonly kind: 'addBroker' }
  /** `sim broker crash N` dies at once; `stop` shuts down in a controlled way (leadership moves first); `restart` starts it again. */
  | { readonly kind: 'crashBroker'; readonly broker: number }
  | { readonly kind: 'stopBroker'; readonly broker: number }
  | { readonly kind: 'restartBroker'; readonly broker: number }
  /** `sim broker slow N` / `fast N`: its fetches as a follower lag, or no longer do. */
  | { readonly kind: 'setBrokerSlow'; readonly broker: number; readonly slow: boolean }
  /**
   * `kafka-leader-election`: a preferred or unclean election for the partitions named, or for
   * every partition (`all`). Each partition's outcome comes back in the command's detail.
   */
  | { readonly kind: 'electLeaders'; readonly election: 'preferred' | 'unclean'; readonly partitions: readonly TopicPartition[] | 'all' }
  /** `kafka-transactions abort`: an ABORT marker for one producer's transaction in one partition. */
  | { readonly kind: 'abortTransaction'; readonly topic: string; readonly partition: number; readonly producerId: number; readonly producerEpoch: number }
  | { readonly kind: 'configureFaults'; readonly requestLossRate?: number; readonly responseLossRate?: number; readonly jitterTicks?: number };

export type CommandKind = Command['kind'];

/** Why a command was refused; the world is unchanged. `code` is Kafka's error name where one exists. */
export interface CommandError {
  readonly code: string;
  readonly message: string;
}
