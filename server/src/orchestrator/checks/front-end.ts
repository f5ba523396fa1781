/**
 * Repairs for the front-end codes, which project.ts reports while linking:
 * replace a misspelt name with the nearest declared one, declare a missing
 * character, place or goal, rename a duplicate, drop a repeated item, bring
 * a value back into range.
 */
import { ALL_CODES } from '../codes.js';
import type { Diagnostic } from '../diagnostics.js';
import { freshName, removeItem } from '../edits.js';
import { nearest, type Project, type Reference } from '../project.js';
import type { Repair, RepairProvider } from './check.js';

function referenceAt(project: Project, conflict: Diagnostic): Reference | undefined {
  return project.references.find((r) => r.file === conflict.file && r.span.start === conflict.span.start && r.span.end === conflict.span.end);
}

function namesOfRole(project: Project, reference: Reference): string[] {
  switch (reference.role) {
    case 'character': return [...project.characters.keys()];
    case 'place': return [...project.places.keys()];
    case 'goal': return [...project.goals.keys()];
    case 'arc': return project.arcs.map((a) => a.name);
    case 'beat': return project.beats.map((b) => b.name);
    case 'stage': return [...(reference.character?.stages ?? [])];
  }
}

function replaceWithNearest(project: Project, conflict: Diagnostic): Repair[] {
  const reference = referenceAt(project, conflict);
  if (!reference) return [];
  const guess = nearest(reference.name, namesOfRole(project, reference).filter((n) => n !== reference.name));
  if (!guess) return [];
  return [{ title: `Replace \`${reference.name}\` with \`${guess}\``, edits: [{ file: conflict.file, span: conflict.span, newText: guess }] }];
}

/** A line appended where declarations of that kind already live (or the root file). */
function declare(project: Project, kind: 'character' | 'place', name: string): Repair {
  const existing = kind === 'character' ? [...project.characters.values()][0] : [...project.places.values()][0];
  const file = existing?.file ?? project.root;
  const text = project.files.get(file)?.text ?? '';
  const anchor = existing ? existing.decl.span.end : text.length;
  const prefix = existing ? '\n' : text.endsWith('\n') || text === '' ? '' : '\n';
  return {
    title: `Declare the ${kind} \`${name}\``,
    edits: [{ file, span: { start: anchor, end: anchor }, newText: `${prefix}${kind} ${name}${existing ? '' : '\n'}` }],
  };
}

/** `allow X100` or `rules { T111 off }`: the nearest known code. */
function replaceCode(project: Project, conflict: Diagnostic): Repair[] {
  const written = project.files.get(conflict.file)?.text.slice(conflict.span.start, conflict.span.end) ?? '';
  if (!/^[A-Z][0-9]{3}$/.test(written) && !conflict.message.startsWith('unknown rule code')) return [];
  const guess = nearest(written, ALL_CODES);
  return guess ? [{ title: `Replace \`${written}\` with \`${guess}\``, edits: [{ file: conflict.file, span: conflict.span, newText: guess }] }] : [];
}

const e002: RepairProvider = {
  repairs(conflict, { project }) {
    if (conflict.message.startsWith('unknown rule code')) return replaceCode(project, conflict);
    const repairs = replaceWithNearest(project, conflict);
    const reference = referenceAt(project, conflict);
    if (reference && (reference.role === 'character' || reference.role === 'place')) repairs.push(declare(project, reference.role, reference.name));
    if (reference?.role === 'goal' && project.story) {
      const story = project.story.decl;
      const text = project.files.get(project.story.file)?.text ?? '';
      const close = story.span.end - 1;
      if (text[close] === '}') {
        repairs.push({
          title: `Declare the goal \`${reference.name}\` in the story header`,
          edits: [{ file: project.story.file, span: { start: close, end: close }, newText: `  goal ${reference.name}\n` }],
        });
      }
    }
    return repairs;
  },
};

const e003: RepairProvider = {
  repairs(conflict, { project }) {
    const text = project.files.get(conflict.file)?.text ?? '';
    const written = text.slice(conflict.span.start, conflict.span.end);
    // A repeated once-only item (`at`, `intensity`, `warning`, `span`): drop the repetition.
    const beat = project.beats.find((b) => b.decl.kind === 'event' && b.file === conflict.file &&
      b.decl.items.some((i) => i.kind !== 'prose' && i.keywordSpan.start === conflict.span.start));
    if (beat && beat.decl.kind === 'event') {
      const item = beat.decl.items.find((i) => i.kind !== 'prose' && i.keywordSpan.start === conflict.span.start)!;
      return [{ title: `Remove the repeated \`${written}\``, edits: [removeItem(text, conflict.file, item.span)] }];
    }
    // A second declaration of a character or place: drop it when it adds nothing, else rename it.
    const duplicate = project.files.get(conflict.file)?.parse.file.declarations.find((d) =>
      (d.kind === 'character' || d.kind === 'place') && d.name.span.start === conflict.span.start);
    if (duplicate && (duplicate.kind === 'character' || duplicate.kind === 'place')) {
      const bare = duplicate.kind === 'place' || duplicate.items.length === 0;
      const taken = duplicate.kind === 'character' ? project.characters : project.places;
      let name = `${written}_2`;
      for (let i = 3; taken.has(name); i++) name = `${written}_${i}`;
      return [
        ...(bare ? [{ title: `Remove the second declaration of \`${written}\``, edits: [removeItem(text, conflict.file, duplicate.span)] }] : []),
        { title: `Rename this ${duplicate.kind} to \`${name}\``, edits: [{ file: conflict.file, span: conflict.span, newText: name }] },
      ];
    }
    // A duplicate beat or arc name: rename this one.
    if (project.nodes.has(written)) {
      const name = freshName(project, written);
      return [{ title: `Rename this \`${written}\` to \`${name}\``, edits: [{ file: conflict.file, span: conflict.span, newText: name }] }];
    }
    return [];
  },
};

const e006: RepairProvider = {
  repairs(conflict, { project }) {
    return replaceWithNearest(project, conflict);
  },
};

const e007: RepairProvider = {
  repairs(conflict, { project }) {
    const text = project.files.get(conflict.file)?.text ?? '';
    const written = text.slice(conflict.span.start, conflict.span.end);
    if (/^-?[0-9]+(\.[0-9]+)?$/.test(written) && conflict.message.startsWith('intensity')) {
      const value = Number(written);
      const clamped = value < 0 ? 0 : 10;
      return [{ title: `Set the intensity to ${clamped}`, edits: [{ file: conflict.file, span: conflict.span, newText: String(clamped) }] }];
    }
    const spanMatch = /^@(-?[0-9.]+)\s*\.\.\s*@(-?[0-9.]+)$/.exec(written);
    if (spanMatch) {
      return [{ title: 'Swap the start and end of the span', edits: [{ file: conflict.file, span: conflict.span, newText: `@${spanMatch[2]}..@${spanMatch[1]}` }] }];
    }
    return replaceWithNearest(project, conflict);
  },
};

const e004e005: RepairProvider = {
  repairs(conflict, { project }) {
    const source = project.files.get(conflict.file);
    const include = source?.parse.file.includes.find((i) => i.path && i.path.span.start === conflict.span.start);
    if (!source || !include) return [];
    return [{ title: `Remove \`include "${include.path!.value}"\``, edits: [removeItem(source.text, conflict.file, include.span)] }];
  },
};

/** Repair providers for the codes the front end reports. */
export const FRONT_END_REPAIRS: ReadonlyMap<string, RepairProvider> = new Map([
  ['E002', e002],
  ['E003', e003],
  ['E004', e004e005],
  ['E005', e004e005],
  ['E006', e006],
  ['E007', e007],
]);
