/** `help` and `--help`: the command table, read from the spec, so help never drifts from the parser. */
import { nearest } from '../source.ts';
import { TOOLS, findSubcommand, findTool, usage, type CommandNode, type CommandSpec } from '../spec.ts';
import type { ToolContext } from '../tool-context.ts';

function leaves(node: CommandNode, path: readonly string[]): { path: string[]; spec: CommandSpec }[] {
  if (node.kind === 'command') return [{ path: [...path, node.name], spec: node }];
  return node.subcommands.flatMap((child) => leaves(child, [...path, node.name]));
}

type Resolved =
  | { readonly node: CommandNode; readonly parents: readonly string[] }
  /** The path with the wrong word replaced by the nearest right one, if one is close. */
  | { readonly problem: string; readonly suggestion: readonly string[] | null };

/** The node a command path names (`['sim', 'consumer']`), or why there is none. */
function resolve(path: readonly string[]): Resolved {
  const [head = '', ...rest] = path;
  let node = findTool(head);
  if (node === null) return { problem: `no command named ${head}`, suggestion: null };
  const parents: string[] = [];
  for (const [i, word] of rest.entries()) {
    const where = [...parents, node.name].join(' ');
    if (node.kind === 'command') return { problem: `${where} has no subcommands`, suggestion: null };
    const names = node.subcommands.map((child) => child.name);
    const child = findSubcommand(node, word);
    if (child === null) {
      const near = nearest(word, names);
      const problem = `unknown subcommand ${word} for ${where}; expected ${orList(names)}`;
      return { problem, suggestion: near === null ? null : path.map((w, j) => (j === i + 1 ? near : w)) };
    }
    parents.push(node.name);
    node = child;
  }
  return { node, parents };
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/**
 * Prints every command's usage line (`path` empty), or the usage, summary and flags of the
 * command `path` names and of every subcommand under it (`sim`, `sim consumer`).
 */
export function printHelp(ctx: ToolContext, path: readonly string[]): number {
  if (path.length === 0) {
    ctx.output.out('Commands (type `help COMMAND` for one command, as in `help sim consumer start`):');
    for (const node of TOOLS) for (const leaf of leaves(node, [])) ctx.output.out(`  ${leaf.path.join(' ')} — ${leaf.spec.summary}`);
    return 0;
  }
  const found = resolve(path);
  if ('problem' in found) {
    ctx.output.err(`error: ${found.problem}`);
    if (found.suggestion !== null) ctx.output.err(`did you mean help ${found.suggestion.join(' ')}?`);
    return 1;
  }
  for (const leaf of leaves(found.node, found.parents)) {
    ctx.output.out(`${usage(leaf.path, leaf.spec)}`);
    ctx.output.out(`  ${leaf.spec.summary}`);
    // help's SUBCOMMAND slots repeat one placeholder: describe it once.
    const positionals = leaf.spec.positionals.filter((p, i, all) => all.findIndex((q) => q.name === p.name) === i);
    for (const p of positionals) ctx.output.out(`    ${p.name}  ${p.help}`);
    for (const f of leaf.spec.flags) {
      if (f.ignored) continue;
      ctx.output.out(`    ${f.value ? `${f.name} ${f.value.name}` : f.name}  ${f.help}`);
    }
  }
  return 0;
}
