/**
 * The names declared in each namespace a name use may expect: the
 * candidates of a did-you-mean, for the linker's E002 message and for the
 * repair that replaces the name (checks/front-end.ts), so that both name
 * the same guess. Not part of the package's API.
 */
import type { ReferenceRole } from './conflicts.js';

/** The name tables a use is resolved in: the linker's, or a linked project's. */
export interface NameTables {
  readonly characters: ReadonlyMap<string, unknown>;
  readonly places: ReadonlyMap<string, unknown>;
  readonly goals: ReadonlyMap<string, unknown>;
  readonly nodes: ReadonlyMap<string, { readonly kind: string; readonly name: string }>;
  readonly arcs: readonly { readonly name: string }[];
}

/** The names declared in the namespace `role` expects, in declaration order. A stage belongs to its character: the tables have none. */
export function namesInRole(tables: NameTables, role: ReferenceRole): string[] {
  switch (role) {
    case 'character': return [...tables.characters.keys()];
    case 'place': return [...tables.places.keys()];
    case 'goal': return [...tables.goals.keys()];
    case 'beat': return [...tables.nodes.values()].filter((n) => n.kind !== 'arc').map((n) => n.name);
    case 'arc': return tables.arcs.map((a) => a.name);
    case 'stage': return [];
  }
}
