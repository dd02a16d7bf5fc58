/** What every rule works on: the world it may change and the log its changes go to. */
import type { CommandError } from '../commands.ts';
import type { EventLog } from '../events.ts';
import type { World } from '../types.ts';

export interface RuleContext {
  readonly world: World;
  readonly log: EventLog;
}

/** A refusal: the rule changed nothing. */
export function refuse(code: string, message: string): CommandError {
  return { code, message };
}
