import assert from 'node:assert/strict';
import { SyntaxNode, SyntaxTree } from '../../server/src/parse/syntaxNode';

/**
 * Every node of a tree as one line (fields, flags, offsets), checking parent links and indexes on the way:
 * two trees are the same tree when their shapes are equal.
 */
export function treeShape(tree: SyntaxTree): string[] {
  const out: string[] = [];
  const stack: SyntaxNode[] = [tree.root];
  while (stack.length) {
    const node = stack.pop()!;
    node.children.forEach((child, index) => {
      assert.equal(child.parent, node, `parent link of ${child.type} at ${child.start}`);
      assert.equal(child.index, index, `index of ${child.type} at ${child.start}`);
    });
    out.push(`${node.type} ${node.named} ${node.start}-${node.end} ${node.field} ${node.broken} ${node.containsError} ${node.children.length}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}
