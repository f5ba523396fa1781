/**
 * The scale manager: the per-scale view of a project. Arcs by scale, their
 * spans, which beats resolve them, whether they are resolved on every path
 * (and if not, a witness path where they are not), and beat counts. The
 * S-checks, impact analysis and the editor views read it.
 */
import type { Name, Scale, SpanItem } from '@nao/grammar';
import { forEachResolvedName, linksNaming } from './changes.js';
import type { PathStep } from './diagnostics.js';
import { filesNaming } from './name-uses.js';
import type { PathModel } from './paths.js';
import type { ArcSymbol, BeatSymbol, Project } from './project.js';

export const SCALE_RANK: Readonly<Record<Scale, number>> = { micro: 0, meso: 1, macro: 2 };
/** Ripple weights (docs/language.md, "Arcs and the three scales"). */
export const SCALE_WEIGHT: Readonly<Record<Scale, number>> = { micro: 1, meso: 3, macro: 9 };

export interface Resolver {
  readonly beat: BeatSymbol;
  /** The arc's name inside the `resolves` item. */
  readonly name: Name;
}

export type ResolutionStatus =
  | { readonly kind: 'resolved' }
  | { readonly kind: 'unresolved'; readonly path: readonly PathStep[] };

export interface ArcView {
  readonly arc: ArcSymbol;
  readonly span: SpanItem | undefined;
  readonly resolvers: readonly Resolver[];
  /** Whether the arc is resolved on every path that reaches it. */
  readonly status: ResolutionStatus;
  readonly beatCount: number;
  /** Beats directly inside (not in a nested arc), per the beat's own scale. */
  readonly ownBeatCount: number;
}

export class ScaleManager {
  /** Made on first use: S504 and the views that only read spans never scan the beats' `resolves`. */
  private resolverLists: Map<ArcSymbol, Resolver[]> | undefined;
  private readonly statusCache = new Map<ArcSymbol, ResolutionStatus>();
  private readonly spans = new Map<ArcSymbol, SpanItem | undefined>();

  constructor(private readonly project: Project, private readonly paths: PathModel) {}

  private get resolversByArc(): Map<ArcSymbol, Resolver[]> {
    if (this.resolverLists) return this.resolverLists;
    const byArc = new Map<ArcSymbol, Resolver[]>();
    for (const beat of this.project.beats) {
      forEachResolvedName(beat, (name) => {
        const arc = this.project.nodes.get(name.text);
        if (!arc || arc.kind !== 'arc') return;
        let list = byArc.get(arc);
        if (!list) byArc.set(arc, (list = []));
        list.push({ beat, name });
      });
    }
    return (this.resolverLists = byArc);
  }

  arcsOfScale(scale: Scale): ArcSymbol[] {
    return this.project.arcs.filter((arc) => arc.scale === scale);
  }

  /** The arc's `span` item (the first, if repeated). */
  spanOf(arc: ArcSymbol): SpanItem | undefined {
    // An arc's items hold its nested beats too: read once per arc, not once per beat inside it.
    if (this.spans.has(arc)) return this.spans.get(arc);
    const span = arc.decl.items.find((item): item is SpanItem => item.kind === 'span');
    this.spans.set(arc, span);
    return span;
  }

  /** Every beat whose `resolves` names the arc, inside it or not. */
  resolversOf(arc: ArcSymbol): readonly Resolver[] {
    return this.resolversByArc.get(arc) ?? [];
  }

  /**
   * `resolversOf(arc)`, read from the files whose uses name the arc rather
   * than from every beat (until every arc's resolvers are known): for a run
   * that asks about the few arcs an edit touched (S503's incremental run).
   */
  resolversOfOne(arc: ArcSymbol): readonly Resolver[] {
    if (this.resolverLists) return this.resolversOf(arc);
    const project = this.project;
    if (project.nodes.get(arc.name) !== arc) return [];
    const names = new Set([arc.name]);
    const resolvers: Resolver[] = [];
    for (const [file, byAspect] of linksNaming(project, filesNaming(project, names) ?? [...project.files.keys()], names, ['resolves'])) {
      const beats = project.beatsIn(file);
      for (const place of byAspect.get('resolves') ?? []) {
        const beat = beats[place]!;
        forEachResolvedName(beat, (name) => {
          if (name.text === arc.name) resolvers.push({ beat, name });
        });
      }
    }
    return resolvers;
  }

  /** Whether `beat` lies inside `arc` (at any depth). */
  contains(arc: ArcSymbol, beat: BeatSymbol): boolean {
    for (let a = beat.arc; a; a = a.parent) if (a === arc) return true;
    return false;
  }

  /**
   * Resolved on every path that reaches the arc, or a witness path that
   * reaches it and holds none of its resolvers.
   */
  status(arc: ArcSymbol): ResolutionStatus {
    const cached = this.statusCache.get(arc);
    if (cached) return cached;
    const must = arc.option ? [arc.option] : [];
    const path = this.paths.findPath(must, this.resolversOf(arc).map((r) => r.beat));
    const status: ResolutionStatus = path ? { kind: 'unresolved', path } : { kind: 'resolved' };
    this.statusCache.set(arc, status);
    return status;
  }

  view(arc: ArcSymbol): ArcView {
    return {
      arc,
      span: this.spanOf(arc),
      resolvers: this.resolversOf(arc),
      status: this.status(arc),
      beatCount: arc.beats.length,
      ownBeatCount: arc.beats.filter((beat) => beat.arc === arc).length,
    };
  }

  /** Beat counts per scale (each beat by its own scale). */
  beatCountsByScale(): Record<Scale, number> {
    const counts: Record<Scale, number> = { micro: 0, meso: 0, macro: 0 };
    for (const beat of this.project.beats) counts[beat.scale]++;
    return counts;
  }
}
