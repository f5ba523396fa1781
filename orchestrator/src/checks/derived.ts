/**
 * What several checks (and their repairs) read off one snapshot: computed on
 * first use and kept for the rest of the analysis. Nothing is cached
 * anywhere else: a new analysis starts with a new `Derived`.
 */
import type { PathModel } from '../paths.js';
import type { Project } from '../project.js';
import { computeTimelines, type CharacterTimeline } from './character/shared.js';
import { collectLinks, type Links } from './temporal/shared.js';
import { IntensityTimeline } from './therapeutic/intensity-paths.js';

export class Derived {
  private links: Links | undefined;
  private timelines: ReadonlyMap<string, CharacterTimeline> | undefined;
  private intensities: IntensityTimeline | undefined;

  constructor(private readonly project: Project, private readonly paths: PathModel) {}

  /** Every `causes`, `prevents` and `requires` of any event, in load and document order (T101-T105). */
  get temporalLinks(): Links {
    return (this.links ??= collectLinks(this.project));
  }

  /** Every character's timeline, by character name (C201-C204). */
  get characterTimelines(): ReadonlyMap<string, CharacterTimeline> {
    return (this.timelines ??= computeTimelines(this.project, this.paths));
  }

  /** The beats that declare an intensity, by time (W402, W404). */
  get intensityTimeline(): IntensityTimeline {
    return (this.intensities ??= new IntensityTimeline(this.paths));
  }
}
