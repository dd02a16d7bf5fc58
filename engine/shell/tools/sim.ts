/** The `sim` family: controls only a simulated world has (the clock, applications, the ledger). */
import type { Acks, AssignorName, CommitMode, IsolationLevel, OffsetResetPolicy } from '../../core/types.ts';
import { busyReason, ledgerOf } from '../../core/queries.ts';
import { flagValue, hasFlag, type Invocation } from '../parse.ts';
import type { ToolContext } from '../tool-context.ts';
import { brokerById, partitionKey } from '../../core/world.ts';
import { summarizeProducerLedger } from '../../core/producer-ledger.ts';
import type { Command } from '../../core/commands.ts';
import { summarizeOutputLedger } from '../../core/output-ledger.ts';

/** `sim run` stops here when the world never goes quiet (a producer without --count). */
const DEFAULT_MAX_TICKS = 10_000;

function refused(ctx: ToolContext, message: string): number {
  ctx.output.err(`error: ${message}`);
  return 1;
}

function numberFlag(inv: Invocation, name: string): number | undefined {
  const v = flagValue(inv, name);
  return v === null ? undefined : Number(v);
}

export function runSim(ctx: ToolContext, inv: Invocation): number {
  const [verb = '', sub = ''] = inv.path;
  const name = inv.positionals[0]?.value ?? '';
  const apply = (command: Parameters<ToolContext['apply']>[0], message: string): number => {
    const result = ctx.apply(command);
    if (!result.ok) return refused(ctx, result.error.message);
    if (result.discardedTicks > 0) ctx.output.err(`note: acting at tick ${ctx.world.tick} discarded ${result.discardedTicks} later tick(s) of history`);
    if (message) ctx.output.out(message);
    return 0;
  };
  switch (`${verb} ${sub}`.trim()) {
    case 'seed':
      return apply({ kind: 'seed', seed: Number(name) }, '');
    case 'tick': {
      const n = Number(inv.positionals[0]?.value ?? '1');
      for (let i = 0; i < n && !ctx.isSpent; i++) ctx.step();
      ctx.output.out(`tick ${ctx.world.tick}`);
      return 0;
    }
    case 'run': {
      const max = numberFlag(inv, '--max-ticks') ?? DEFAULT_MAX_TICKS;
      const start = ctx.world.tick;
      const quiet = ctx.waitUntil(() => busyReason(ctx.world) === null, max);
      const ran = ctx.world.tick - start;
      if (quiet) ctx.output.out(`quiet at tick ${ctx.world.tick} after ${ran} tick${ran === 1 ? '' : 's'}`);
      else ctx.output.out(`still busy at tick ${ctx.world.tick} after ${ran} ticks: ${busyReason(ctx.world)}`);
      return 0;
    }
    case 'cluster':
    case 'broker add': {
      const command: Parameters<ToolContext['apply']>[0] =
        verb === 'cluster' ? { kind: 'configureCluster', brokers: numberFlag(inv, '--brokers') ?? 1 } : { kind: 'addBroker' };
      const code = apply(command, '');
      if (code === 0) ctx.output.out(`cluster: broker${ctx.world.brokers.length === 1 ? '' : 's'} ${ctx.world.brokers.map((b) => b.id).join(', ')}`);
      return code;
    }
    case 'broker crash':
    case 'broker stop':
    case 'broker restart':
    case 'broker slow':
    case 'broker fast':
      return brokerCommand(ctx, sub, Number(name), apply);
    case 'consumer start': {
      const group = flagValue(inv, '--group') ?? '';
      const topic = flagValue(inv, '--topic') ?? '';
      const commit = (flagValue(inv, '--commit') ?? 'auto') as CommitMode;
      const interval = numberFlag(inv, '--auto-commit-interval');
      const processTicks = numberFlag(inv, '--process-ticks');
      const maxPoll = numberFlag(inv, '--max-poll-records');
      const reset = flagValue(inv, '--offset-reset') as OffsetResetPolicy | null;
      const assignor = flagValue(inv, '--assignor') as AssignorName | null;
      return apply(
        {
          kind: 'startConsumer',
          name,
          group,
          topics: [topic],
          commitMode: commit,
          ...(interval !== undefined ? { autoCommitIntervalTicks: interval } : {}),
          ...(processTicks !== undefined ? { processTicks } : {}),
          ...(maxPoll !== undefined ? { maxPollRecords: maxPoll } : {}),
          ...(reset ? { offsetReset: reset } : {}),
          ...(assignor ? { assignor } : {}),
        },
        `consumer ${name} started in group ${group} (commit ${commit})`,
      );
    }
    case 'consumer stop':
      return apply(
        { kind: 'stopConsumer', name },
        `consumer ${name} is stopping: it finishes its batch, commits and leaves ${ctx.world.consumers.get(name)?.group ?? 'its group'}`,
      );
    case 'crash': {
      const app = ctx.world.consumers.get(name);
      // Open as the coordinator sees it: a transaction begun by the client but with nothing sent yet is not open anywhere.
      const txnId = app?.processor ? ctx.world.producers.get(name)?.transactional?.id : undefined;
      const openTxn = txnId !== undefined && ctx.world.transactions.get(txnId)?.state === 'Ongoing';
      const result = ctx.apply({ kind: 'crashConsumer', name });
      if (!result.ok) return refused(ctx, result.error.message);
      const crashed = result.events.find((e) => e.kind === 'consumer.crashed');
      // Only positions ahead of the group's committed offset are lost: with --commit before the
      // position is usually committed already, and "losing orders-0@6" beside a committed 6 misleads.
      const committed = crashed?.kind === 'consumer.crashed' ? ctx.world.groups.get(crashed.payload.group)?.offsets : undefined;
      const lost =
        crashed?.kind === 'consumer.crashed'
          ? crashed.payload.lostPositions
              .filter((p) => committed?.get(`${p.topic}-${p.partition}`)?.offset !== p.offset)
              .map((p) => `${p.topic}-${p.partition}@${p.offset}`)
          : [];
      const what = app?.processor ? 'processor' : 'consumer';
      ctx.output.out(`${what} ${name} crashed${lost.length ? `, losing its uncommitted positions ${lost.join(' ')}` : ''}`);
      if (openTxn) ctx.output.out(`its transaction stays open until transaction.timeout.ms passes or ${name} restarts`);
      return 0;
    }
    case 'restart': {
      const processor = ctx.world.consumers.get(name)?.processor;
      const group = ctx.world.consumers.get(name)?.group ?? 'its group';
      return apply(
        { kind: 'restartConsumer', name },
        processor?.exactlyOnce
          ? `processor ${name} restarted: it initializes transactional.id ${name} (fencing its old epoch), rejoins ${group} and resumes from the committed offsets`
          : `${processor ? 'processor' : 'consumer'} ${name} restarted: it rejoins ${group} and resumes from the committed offsets`,
      );
    }
    case 'producer start': {
      const topic = flagValue(inv, '--topic') ?? '';
      const keys = flagValue(inv, '--keys');
      const acks = flagValue(inv, '--acks');
      const count = numberFlag(inv, '--count');
      const every = numberFlag(inv, '--every');
      const batch = numberFlag(inv, '--batch');
      const value = flagValue(inv, '--value');
      return apply(
        {
          kind: 'startProducer',
          name,
          topic,
          ...(keys !== null ? { keys: keys.split(',') } : {}),
          ...(acks !== null ? { acks: (acks === 'all' ? 'all' : Number(acks)) as Acks } : {}),
          ...(count !== undefined ? { count } : {}),
          ...(every !== undefined ? { everyTicks: every } : {}),
          ...(batch !== undefined ? { batch } : {}),
          ...(value !== null ? { valueTemplate: value } : {}),
        },
        `producer ${name} started on ${topic}`,
      );
    }
    case 'producer stop':
      return apply({ kind: 'stopProducer', name }, `producer ${name} stopped`);
    case 'processor start': {
      const group = flagValue(inv, '--group') ?? '';
      const from = flagValue(inv, '--from') ?? '';
      const to = flagValue(inv, '--to') ?? '';
      const exactlyOnce = hasFlag(inv, '--exactly-once');
      const processTicks = numberFlag(inv, '--process-ticks');
      const maxPoll = numberFlag(inv, '--max-poll-records');
      const transform = flagValue(inv, '--transform');
      return apply(
        {
          kind: 'startProcessor',
          name,
          group,
          from,
          to,
          exactlyOnce,
          ...(processTicks !== undefined ? { processTicks } : {}),
          ...(maxPoll !== undefined ? { maxPollRecords: maxPoll } : {}),
          ...(transform !== null ? { transform } : {}),
        },
        exactlyOnce
          ? `processor ${name} started in group ${group}: ${from} -> ${to}, exactly once (transactional.id ${name}, read_committed)`
          : `processor ${name} started in group ${group}: ${from} -> ${to}, at least once (flush, then commit)`,
      );
    }
    case 'processor stop':
      return ctx.world.consumers.get(name)?.processor
        ? apply({ kind: 'stopConsumer', name }, `processor ${name} is stopping: it ends its batch, commits and leaves ${ctx.world.consumers.get(name)?.group}`)
        : refused(ctx, `no processor named ${name}`);
    case 'ledger': {
      const producerName = flagValue(inv, '--producer');
      const output = flagValue(inv, '--output');
      const chosen = [flagValue(inv, '--group'), producerName, output].filter((v) => v !== null).length;
      if (chosen > 1) return refused(ctx, 'sim ledger takes one of --group, --producer and --output');
      if (flagValue(inv, '--isolation') !== null && output === null) return refused(ctx, 'sim ledger takes --isolation only with --output');
      if (producerName !== null) return producerLedger(ctx, producerName);
      if (output !== null) return outputLedger(ctx, output, (flagValue(inv, '--isolation') ?? 'read_uncommitted') as IsolationLevel);
      const group = flagValue(inv, '--group');
      if (group === null) return refused(ctx, 'sim ledger needs --group G, --producer NAME or --output T');
      const ledger = ledgerOf(ctx.world, group);
      if (!ledger) return refused(ctx, `no group named ${group}`);
      ctx.output.out(
        `group ${group}: processed ${ledger.processed}, distinct ${ledger.distinct}, duplicated ${ledger.duplicated.length}, skipped ${ledger.skipped.length}`,
      );
      for (const d of ledger.duplicated) {
        ctx.output.out(
          `  duplicated ${d.partition}@${d.offset}: processed ${d.processings.length} times (${d.processings.map((p) => `${p.consumer} at tick ${p.tick}`).join(', ')})`,
        );
      }
      for (const s of ledger.skipped) ctx.output.out(`  skipped ${s.partition}@${s.offset}`);
      return 0;
    }
    case 'status':
      return status(ctx);
    default:
      return refused(ctx, `unknown sim command ${inv.path.join(' ')}`);
  }
}

/** `sim broker crash|stop|restart|slow|fast ID`: the command, then the broker's state in words. */
function brokerCommand(ctx: ToolContext, verb: string, id: number, apply: (command: Command, message: string) => number): number {
  const world = ctx.world;
  const timeout = world.options.brokerSessionTimeoutTicks;
  switch (verb) {
    case 'crash':
      return apply(
        { kind: 'crashBroker', broker: id },
        `broker ${id} crashed: the controller fences it after broker.session.timeout.ms (${timeout} ticks) and elects new leaders for what it led`,
      );
    case 'stop':
      return apply({ kind: 'stopBroker', broker: id }, `broker ${id} stopped: its leadership moved to other brokers first`);
    case 'restart': {
      const code = apply({ kind: 'restartBroker', broker: id }, '');
      if (code !== 0) return code;
      const broker = brokerById(ctx.world, id);
      ctx.output.out(
        broker?.status === 'starting'
          ? `broker ${id} restarted: it registers once its old session times out (tick ${broker.fenceTick}), then catches up`
          : `broker ${id} restarted: it registered and catches up on the partitions it holds`,
      );
      return 0;
    }
    default:
      return apply(
        { kind: 'setBrokerSlow', broker: id, slow: verb === 'slow' },
        `broker ${id} is ${verb === 'slow' ? 'slow: as a follower it falls behind' : 'fast again'}`,
      );
  }
}

/** `sim ledger --output T --isolation LEVEL`: one summary line, then one line per duplicated or missing output. */
function outputLedger(ctx: ToolContext, topic: string, isolation: IsolationLevel): number {
  const ledger = summarizeOutputLedger(ctx.world, topic, isolation);
  if (!ledger) return refused(ctx, `no processor writes to ${topic}`);
  ctx.output.out(
    `output ${topic}: inputs ${ledger.inputs}, committed outputs ${ledger.outputs}, duplicated ${ledger.duplicated.length}, missing ${ledger.missing.length}`,
  );
  for (const d of ledger.duplicated) ctx.output.out(`  duplicated ${d.input}: ${d.outputs.length} outputs (${d.outputs.join(', ')})`);
  for (const m of ledger.missing) ctx.output.out(`  missing ${m}: no output`);
  return 0;
}

/** `sim ledger --producer NAME`: one summary line, then one line per lost or duplicated record. */
function producerLedger(ctx: ToolContext, name: string): number {
  const producer = ctx.world.producers.get(name);
  if (!producer) return refused(ctx, `no producer named ${name}`);
  const l = summarizeProducerLedger(ctx.world, producer);
  ctx.output.out(
    `producer ${name}: sent ${l.sent}, acknowledged ${l.acknowledged}, in log ${l.inLog}, lost ${l.lost.length}, duplicated ${l.duplicated.length}`,
  );
  for (const r of l.lost) ctx.output.out(`  lost ${r.partition}@${r.offset}: acknowledged at tick ${r.ackedTick}, no longer in the log`);
  for (const r of l.duplicated) ctx.output.out(`  duplicated ${r.partition}@${r.offset}: written ${r.copies.length} times (offsets ${r.copies.join(', ')})`);
  return 0;
}

function status(ctx: ToolContext): number {
  const w = ctx.world;
  const out = (s: string) => ctx.output.out(s);
  out(`tick ${w.tick}${busyReason(w) ? ` (busy: ${busyReason(w)})` : ' (quiet)'}`);
  for (const t of w.topics.values()) {
    out(`topic ${t.name}: ${t.partitions.map((p) => `p${p.partition} [${p.logStartOffset}, ${p.logEndOffset})`).join(' ')}`);
  }
  for (const g of w.groups.values()) out(`group ${g.id}: ${g.state}, generation ${g.generation}, ${g.members.size} member(s)`);
  for (const c of w.consumers.values()) {
    const assigned = c.assignment
      .map((tp) => `${partitionKey(tp.topic, tp.partition)}@${c.positions.get(partitionKey(tp.topic, tp.partition)) ?? '?'}`)
      .join(' ');
    // A stopped or crashed consumer has no poll loop: its phase would only be stale words.
    const phase = c.status === 'running' || c.status === 'stopping' ? `, ${c.phase}` : '';
    out(`consumer ${c.name}: ${c.status}${phase}${assigned ? `, ${assigned}` : ''}`);
  }
  for (const p of w.producers.values())
    out(`producer ${p.name}: ${p.status}, ${p.emitted} sent, ${p.acked} acknowledged${p.failed ? `, ${p.failed} failed` : ''}`);
  return 0;
}
