// Visits every node of a query, parents before children, in source order.
import type * as ast from './ast.ts';

export function children(node: ast.Node): ast.Node[] {
  switch (node.type) {
    case 'Number':
    case 'String':
    case 'Boolean':
    case 'Null':
    case 'Field':
    case 'Pipe':
      return [];
    case 'Not':
    case 'Negate':
      return [node.operand];
    case 'Logical':
    case 'Compare':
    case 'Arith':
      return [node.left, node.right];
    case 'Match':
      return [node.operand, ...node.patterns];
    case 'In':
      return [node.operand, ...node.values];
    case 'Call':
      return [...node.args];
    case 'EventFilter':
      return [node.condition];
    case 'SequenceStage':
    case 'SampleStage':
      return [node.filter, ...node.by];
    case 'EventQuery':
      return [node.filter, ...node.pipes];
    case 'SequenceQuery':
      return [...node.by, ...node.stages, ...(node.until ? [node.until] : []), ...node.pipes];
    case 'SampleQuery':
      return [...node.by, ...node.stages, ...node.pipes];
  }
}

// Iterative, so even a pathologically deep tree cannot exhaust the call stack.
export function walk(node: ast.Node, visit: (node: ast.Node) => void): void {
  const stack: ast.Node[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    visit(next);
    const kids = children(next);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** The dotted path a field reads (`process.parent.name`). */
export function fieldPath(field: ast.Field): string {
  return field.path.join('.');
}

/** Every field path read under `node`, deduplicated, in source order. */
export function fieldPaths(node: ast.Node): string[] {
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.type === 'Field') out.add(fieldPath(n));
  });
  return [...out];
}
