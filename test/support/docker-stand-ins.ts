/**
 * Reading `terraform graph` output of a configuration whose Docker resources
 * are stand-ins (lab/docker-stand-ins.ts, shared with the lab's deployments).
 */

/** The edges of `terraform graph` output: node → the nodes it depends on directly. */
export function parseTerraformGraph(dot: string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const match of dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)"/gm)) {
    if (!edges.has(match[1]!)) edges.set(match[1]!, new Set());
    edges.get(match[1]!)!.add(match[2]!);
  }
  return edges;
}

/** Every node `from` depends on, directly or through others. */
export function dependenciesOf(graph: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    for (const next of graph.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}
