/** `help` and `--help`: the command table, read from the spec, so help never drifts from the parser. */
import { TOOLS, findTool, usage, type CommandNode } from '../spec.ts';
import type { ToolContext } from '../tool-context.ts';

function leaves(node: CommandNode, path: string[]): { path: string[]; spec: Extract<CommandNode, { kind: 'command' }> }[] {
  if (node.kind === 'command') return [{ path: [...path, node.name], spec: node }];
  return node.subcommands.flatMap((child) => leaves(child, [...path, node.name]));
}

/** Prints every command's usage line, or one tool's usage with its flags. */
export function printHelp(ctx: ToolContext, tool: string | null): number {
  if (tool === null) {
    ctx.output.out('Commands (type `help TOOL` for one tool):');
    for (const node of TOOLS) for (const leaf of leaves(node, [])) ctx.output.out(`  ${leaf.path.join(' ')} — ${leaf.spec.summary}`);
    return 0;
  }
  const node = findTool(tool);
  if (!node) {
    ctx.output.err(`error: no tool named ${tool}`);
    return 1;
  }
  for (const leaf of leaves(node, [])) {
    ctx.output.out(`${usage(leaf.path, leaf.spec)}`);
    ctx.output.out(`  ${leaf.spec.summary}`);
    for (const f of leaf.spec.flags) {
      if (f.ignored) continue;
      ctx.output.out(`    ${f.value ? `${f.name} ${f.value.name}` : f.name}  ${f.help}`);
    }
  }
  return 0;
}
