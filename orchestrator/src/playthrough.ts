/**
 * A playthrough: one path of the story, played in time order, with the state
 * of the story after every beat (docs/language.md, "Playing a story").
 *
 * Picks are by name (`{ keep_watch: 'search' }`), so a run survives edits
 * that keep the names. The walk goes along `PathModel.byTime`; a beat is
 * played when every option enclosing it is taken, and an option is taken
 * when its choice was played and picked it. The run stops at the first
 * played choice with no pick (`next` names it), at a pick whose option no
 * longer exists (with a note), or at the end of the story.
 *
 * Nothing here enumerates paths: a playthrough is one path.
 */
import type { EventDecl, IntensityItem } from '@nao/grammar';
import type { Analysis } from './analysis.js';
import type { Diagnostic, PathStep, Severity } from './diagnostics.js';
import type { BeatSymbol, OptionSymbol, Project } from './project.js';

export interface PlayOptions {
  /** Start at this beat: the options enclosing it are taken; the state before it is that of the path up to it. */
  readonly from?: string;
  /** The option to take at each choice, by name: `{ keep_watch: 'search' }`. */
  readonly picks?: Readonly<Record<string, string>>;
}

export type CharacterStatus = 'in' | 'exited' | 'killed';

export interface CharacterState {
  /** `killed` after `kills`, `exited` after `exits`, `in` otherwise (again after `enters`). */
  readonly status: CharacterStatus;
  /** The place of the latest beat that involved the character and has an `at` (null: none yet). */
  readonly place: string | null;
  /** The latest `stage` or `regress` (null: none yet). */
  readonly stage: string | null;
}

/** The state of the story after a beat, on the path played. */
export interface PlayState {
  /** Every character named so far on the path (`with`, `stage`, `regress`, `kills`, `exits`, `enters`), by name. */
  readonly characters: Readonly<Record<string, CharacterState>>;
  /** Every arc one of whose beats was played so far: `resolved` once a beat `resolves` it. */
  readonly arcs: Readonly<Record<string, 'open' | 'resolved'>>;
  /** Every story goal: whether a beat played so far `addresses` it. */
  readonly goals: Readonly<Record<string, boolean>>;
  /** Setups awaiting their payoff, in the order they were set up. */
  readonly setups: readonly string[];
  /** The latest intensity declared on the path (null: none yet). */
  readonly intensity: number | null;
}

export interface PlayStep {
  readonly beat: string;
  readonly kind: 'event' | 'choice';
  readonly time: number;
  readonly title: string | null;
  /** The beat's `>` lines, as written. */
  readonly prose: readonly string[];
  /** The beat's own intensity (null when it declares none). */
  readonly intensity: number | null;
  /** For a choice: the option taken. */
  readonly picked?: { readonly option: string; readonly title: string | null };
  /** The state after this beat. */
  readonly state: PlayState;
  /** Ids of the conflicts on this path that are anchored in this beat. */
  readonly conflicts: readonly string[];
}

export interface PlayChoice {
  readonly choice: string;
  readonly time: number;
  readonly title: string | null;
  readonly options: readonly { readonly option: string; readonly title: string | null }[];
}

export interface PlayConflict {
  readonly id: string;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The beat it is anchored in; null for a conflict about the story, an arc or a goal (on the path once the run has ended). */
  readonly beat: string | null;
  /** Its witness path. */
  readonly path: readonly PathStep[];
}

export interface Playthrough {
  /** The `from` beat, if any. */
  readonly from: string | null;
  /** Every option taken, in time order (those `from` implies included). */
  readonly picks: readonly PathStep[];
  /** The beats played, from `from` (or the start), in time order. */
  readonly steps: readonly PlayStep[];
  /** Where the run stopped for want of a pick (null: it ended, or stopped on a note). */
  readonly next: PlayChoice | null;
  /** Whether the run reached the end of the story. */
  readonly ended: boolean;
  /** The conflicts that happen on this path so far, in the order of their beats (unanchored ones last). */
  readonly conflicts: readonly PlayConflict[];
  /** What the caller should know: a pick whose option vanished, a pick overridden by `from`, picks of unknown choices. */
  readonly notes: readonly string[];
}

/**
 * Plays one path. Undefined when `from` names no beat with a time.
 */
export function computePlaythrough(analysis: Analysis, options: PlayOptions = {}): Playthrough | undefined {
  const { project, paths } = analysis;
  const picks = new Map<string, string>(Object.entries(options.picks ?? {}));
  const notes: string[] = [];
  for (const [choice] of picks) {
    const node = project.nodes.get(choice);
    if (!node || node.kind !== 'choice') notes.push(`there is no choice \`${choice}\`: its pick is ignored`);
  }

  let from: BeatSymbol | undefined;
  if (options.from !== undefined) {
    const node = project.nodes.get(options.from);
    if (!node || node.kind === 'arc' || Number.isNaN(node.time)) return undefined;
    from = node;
    for (let o = from.option; o; o = o.parent) {
      const given = picks.get(o.choice.name);
      if (given !== undefined && given !== o.name) {
        notes.push(`\`${from.name}\` lies in \`${o.qualifiedName}\`: that option is taken instead of \`${o.choice.name}.${given}\``);
      }
      picks.set(o.choice.name, o.name);
    }
  }

  const taken = new Map<BeatSymbol, OptionSymbol>();
  const onPath = (beat: BeatSymbol): boolean => {
    for (let o = beat.option; o; o = o.parent) if (taken.get(o.choice) !== o) return false;
    return true;
  };

  const state = new StateBuilder(project);
  const steps: PlayStep[] = [];
  /** Beats played, with their order. */
  const played = new Map<BeatSymbol, number>();
  const stepOf = new Map<BeatSymbol, number>();
  let recording = from === undefined;
  let next: PlayChoice | null = null;
  let stopped = false;
  for (const beat of paths.byTime) {
    if (!onPath(beat)) continue;
    played.set(beat, played.size);
    state.apply(beat);
    if (beat === from) recording = true;
    let picked: OptionSymbol | undefined;
    if (beat.kind === 'choice' && beat.options.length > 0) {
      const name = beat.options.length === 1 ? beat.options[0]!.name : picks.get(beat.name);
      if (name === undefined) {
        next = describeChoice(beat);
        stopped = true;
      } else {
        picked = beat.options.find((o) => o.name === name);
        if (!picked) {
          notes.push(`the choice \`${beat.name}\` has no option \`${name}\` any more (its options: ${beat.options.map((o) => `\`${o.name}\``).join(', ')}): the run stops there`);
          stopped = true;
        } else {
          taken.set(beat, picked);
        }
      }
    }
    if (recording) {
      stepOf.set(beat, steps.length);
      steps.push({
        beat: beat.name,
        kind: beat.kind,
        time: beat.time,
        title: beat.decl.title?.value ?? null,
        prose: proseOf(beat),
        intensity: declaredIntensity(beat) ?? null,
        ...(picked ? { picked: { option: picked.name, title: picked.decl.title?.value ?? null } } : {}),
        state: state.snapshot(),
        conflicts: [],
      });
    }
    if (stopped) break;
  }
  if (stopped && from && !played.has(from)) {
    notes.push(`the run stopped before \`${from.name}\`: pick an option of the choice above to reach it`);
  }
  const ended = !stopped;

  // The conflicts on this path: witness taken, beat played (or, unanchored, the run ended).
  const takenByName = new Map<string, string>();
  for (const [choice, option] of taken) takenByName.set(choice.name, option.name);
  const anchors = conflictBeats(analysis);
  const onThisPath: { conflict: PlayConflict; order: number }[] = [];
  for (const d of analysis.diagnostics) {
    const beat = anchors.get(d);
    if (beat === undefined && d.path === undefined) continue; // neither in a beat nor about paths
    if (beat ? !played.has(beat) : !ended) continue;
    if (!(d.path ?? []).every((step) => takenByName.get(step.choice) === step.option)) continue;
    const order = beat ? played.get(beat)! : Number.POSITIVE_INFINITY;
    onThisPath.push({
      conflict: { id: d.id, code: d.code, severity: d.severity, message: d.message, beat: beat?.name ?? null, path: d.path ?? [] },
      order,
    });
    if (beat) {
      const index = stepOf.get(beat);
      if (index !== undefined) (steps[index]!.conflicts as string[]).push(d.id);
    }
  }
  onThisPath.sort((a, b) => a.order - b.order);

  const pickList = [...taken].filter(([choice]) => choice.options.length > 1)
    .map(([choice, option]) => ({ choice: choice.name, option: option.name }));
  return {
    from: from?.name ?? null,
    picks: pickList,
    steps,
    next,
    ended,
    conflicts: onThisPath.map((c) => c.conflict),
    notes,
  };
}

/** One thing a beat changed in the state of the story (see `stateChanges`). */
export type StateChange =
  | { readonly kind: 'character'; readonly name: string; readonly state: CharacterState; readonly before: CharacterState | null }
  | { readonly kind: 'arc'; readonly name: string; readonly status: 'open' | 'resolved' }
  | { readonly kind: 'goal'; readonly name: string; readonly addressed: boolean }
  | { readonly kind: 'setup'; readonly name: string; readonly paidOff: boolean };

/** The empty state: before the first beat. */
export const EMPTY_PLAY_STATE: PlayState = { characters: {}, arcs: {}, goals: {}, setups: [], intensity: null };

/**
 * What changed between two states of a playthrough, in a fixed order:
 * characters (new, or with another status, place or stage), arcs (newly
 * open or resolved), goals (newly addressed), setups (new, then paid off).
 */
export function stateChanges(before: PlayState, after: PlayState): StateChange[] {
  const changes: StateChange[] = [];
  for (const [name, state] of Object.entries(after.characters)) {
    const was = before.characters[name];
    if (was && was.status === state.status && was.place === state.place && was.stage === state.stage) continue;
    changes.push({ kind: 'character', name, state, before: was ?? null });
  }
  for (const [name, status] of Object.entries(after.arcs)) if (before.arcs[name] !== status) changes.push({ kind: 'arc', name, status });
  for (const [name, addressed] of Object.entries(after.goals)) if (addressed && !before.goals[name]) changes.push({ kind: 'goal', name, addressed });
  for (const name of after.setups) if (!before.setups.includes(name)) changes.push({ kind: 'setup', name, paidOff: false });
  for (const name of before.setups) if (!after.setups.includes(name)) changes.push({ kind: 'setup', name, paidOff: true });
  return changes;
}

function describeChoice(beat: BeatSymbol): PlayChoice {
  return {
    choice: beat.name,
    time: beat.time,
    title: beat.decl.title?.value ?? null,
    options: beat.options.map((o) => ({ option: o.name, title: o.decl.title?.value ?? null })),
  };
}

/** The beat's prose lines, as the syntax tree keeps them. */
export function proseOf(beat: BeatSymbol): string[] {
  if (beat.decl.kind !== 'event') return [];
  const lines: string[] = [];
  for (const item of beat.decl.items) if (item.kind === 'prose') lines.push(item.text);
  return lines;
}

/** Words of a beat's prose: whitespace-separated. */
export function proseWords(beat: BeatSymbol): number {
  let words = 0;
  for (const line of proseOf(beat)) {
    for (const word of line.split(/\s+/)) if (word !== '') words++;
  }
  return words;
}

/** The event's intensity as the limits checks read it: its first `intensity` item, when within 0..10. */
export function declaredIntensity(beat: BeatSymbol): number | undefined {
  if (beat.decl.kind !== 'event') return undefined;
  const item = (beat.decl as EventDecl).items.find((i): i is IntensityItem => i.kind === 'intensity');
  const value = item?.value?.value;
  return value !== undefined && value >= 0 && value <= 10 ? value : undefined;
}

/**
 * The beat each conflict is anchored in: the innermost beat whose
 * declaration holds the conflict's range. Conflicts outside every beat (about
 * the story, an arc, a goal, a character declaration) have none.
 */
export function conflictBeats(analysis: Analysis): Map<Diagnostic, BeatSymbol | undefined> {
  const byFile = new Map<string, BeatSymbol[]>();
  for (const beat of analysis.project.beats) {
    let list = byFile.get(beat.file);
    if (!list) byFile.set(beat.file, (list = []));
    list.push(beat);
  }
  const result = new Map<Diagnostic, BeatSymbol | undefined>();
  for (const d of analysis.diagnostics) {
    let best: BeatSymbol | undefined;
    for (const beat of byFile.get(d.file) ?? []) {
      const span = beat.decl.span;
      if (span.start <= d.span.start && d.span.end <= span.end &&
        (!best || span.end - span.start < best.decl.span.end - best.decl.span.start)) best = beat;
    }
    result.set(d, best);
  }
  return result;
}

/** The state as the walk changes it, beat by beat. */
class StateBuilder {
  private readonly characters = new Map<string, { status: CharacterStatus; place: string | null; stage: string | null }>();
  private readonly arcs = new Map<string, 'open' | 'resolved'>();
  private readonly goals = new Map<string, boolean>();
  private readonly setups: string[] = [];
  private intensity: number | null = null;

  constructor(private readonly project: Project) {
    for (const goal of project.goals.keys()) this.goals.set(goal, false);
  }

  apply(beat: BeatSymbol): void {
    const chain = [];
    for (let arc = beat.arc; arc; arc = arc.parent) chain.push(arc);
    for (const arc of chain.reverse()) if (!this.arcs.has(arc.name)) this.arcs.set(arc.name, 'open');
    if (beat.decl.kind !== 'event') return;
    const items = beat.decl.items;
    const at = items.find((item) => item.kind === 'at' && item.place !== undefined && this.project.places.has(item.place.text));
    const place = at?.kind === 'at' ? at.place!.text : undefined;
    const character = (name: string): { status: CharacterStatus; place: string | null; stage: string | null } | undefined => {
      if (!this.project.characters.has(name)) return undefined;
      let entry = this.characters.get(name);
      if (!entry) this.characters.set(name, (entry = { status: 'in', place: null, stage: null }));
      return entry;
    };
    const involve = (name: string): ReturnType<typeof character> => {
      const entry = character(name);
      if (entry && place !== undefined) entry.place = place;
      return entry;
    };
    for (const item of items) {
      switch (item.kind) {
        case 'with':
          for (const name of item.names) involve(name.text);
          break;
        case 'stage': case 'regress': {
          if (!item.character) break;
          const entry = involve(item.character.text);
          const stage = item.stage?.text;
          if (entry && stage !== undefined && this.project.characters.get(item.character.text)!.stages.includes(stage)) entry.stage = stage;
          break;
        }
        case 'kills': case 'exits':
          for (const name of item.names) {
            const entry = character(name.text);
            if (entry) entry.status = item.kind === 'kills' ? 'killed' : 'exited';
          }
          break;
        case 'enters':
          for (const name of item.names) {
            const entry = involve(name.text);
            if (entry) entry.status = 'in';
          }
          break;
        case 'resolves':
          for (const name of item.names) {
            const arc = this.project.nodes.get(name.text);
            if (arc?.kind === 'arc') this.arcs.set(arc.name, 'resolved');
          }
          break;
        case 'addresses':
          for (const name of item.names) if (this.goals.has(name.text)) this.goals.set(name.text, true);
          break;
        case 'setup':
          for (const name of item.names) if (!this.setups.includes(name.text)) this.setups.push(name.text);
          break;
        case 'payoff':
          for (const name of item.names) {
            const i = this.setups.indexOf(name.text);
            if (i >= 0) this.setups.splice(i, 1);
          }
          break;
        default:
          break;
      }
    }
    const own = declaredIntensity(beat);
    if (own !== undefined) this.intensity = own;
  }

  snapshot(): PlayState {
    const characters: Record<string, CharacterState> = {};
    for (const [name, entry] of this.characters) characters[name] = { ...entry };
    return {
      characters,
      arcs: Object.fromEntries(this.arcs),
      goals: Object.fromEntries(this.goals),
      setups: [...this.setups],
      intensity: this.intensity,
    };
  }
}
