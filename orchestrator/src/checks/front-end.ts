/**
 * Repairs for the front-end codes, which project.ts reports while linking:
 * replace a misspelt name with the nearest declared one, declare a missing
 * character, place or goal, rename a duplicate, drop a repeated item, bring
 * a value back into range. Each works from the anchor the front end kept
 * for the conflict (`Project.anchors`).
 */
import { ALL_CODES } from '../codes.js';
import { addStoryItemLast, appendLine, fileText, freshName, insertLineAfter, removeItem } from '../edits.js';
import { nearest, type FrontEndAnchor, type Project, type Reference } from '../project.js';
import { namesInRole } from '../role-names.js';
import type { Repair, RepairProvider } from './check.js';

function replaceWithNearest(project: Project, reference: Reference): Repair[] {
  const names = reference.role === 'stage' ? [...(reference.character?.stages ?? [])] : namesInRole(project, reference.role);
  const guess = nearest(reference.name, names.filter((n) => n !== reference.name));
  if (!guess) return [];
  return [{ title: `Replace \`${reference.name}\` with \`${guess}\``, edits: [{ file: reference.file, span: reference.span, newText: guess }], kind: 'structure' }];
}

/** A line added after the first declaration of that kind (or at the end of the root file). */
function declare(project: Project, kind: 'character' | 'place', name: string): Repair {
  const existing = kind === 'character' ? [...project.characters.values()][0] : [...project.places.values()][0];
  const declaration = `${kind} ${name}`;
  return {
    title: `Declare the ${kind} \`${name}\``,
    edits: [existing
      ? insertLineAfter(project, existing.file, existing.decl.span.end, declaration)
      : appendLine(project, project.root, declaration)],
    kind: 'structure',
  };
}

const e002: RepairProvider<FrontEndAnchor> = {
  repairs(conflict, { project, anchor }) {
    if (anchor?.kind === 'code') {
      // `allow X100` or `rules { T111 off }`: the nearest known code.
      const guess = nearest(anchor.code.text, ALL_CODES);
      const edits = [{ file: conflict.file, span: anchor.code.span, newText: guess ?? '' }];
      return guess ? [{ title: `Replace \`${anchor.code.text}\` with \`${guess}\``, edits, kind: 'structure' }] : [];
    }
    if (anchor?.kind !== 'reference') return [];
    const reference = anchor.reference;
    const repairs = replaceWithNearest(project, reference);
    if (reference.role === 'character' || reference.role === 'place') repairs.push(declare(project, reference.role, reference.name));
    if (reference.role === 'goal') {
      const edit = addStoryItemLast(project, `goal ${reference.name}`);
      if (edit) repairs.push({ title: `Declare the goal \`${reference.name}\` in the story header`, edits: [edit], kind: 'structure' });
    }
    return repairs;
  },
};

const e003: RepairProvider<FrontEndAnchor> = {
  repairs(conflict, { project, anchor }) {
    const text = fileText(project, conflict.file);
    switch (anchor?.kind) {
      case 'repeatedItem': {
        // A repeated once-only item (`at`, `intensity`, `warning`): drop the repetition.
        return [{ title: `Remove the repeated \`${anchor.item.kind}\``, edits: [removeItem(fileText(project, anchor.beat.file), anchor.beat.file, anchor.item.span)], kind: 'structure' }];
      }
      case 'duplicateDeclaration': {
        // A second declaration of a character or place: drop it when it adds nothing, else rename it.
        const duplicate = anchor.decl;
        const written = duplicate.name.text;
        const bare = duplicate.kind === 'place' || duplicate.items.length === 0;
        const taken = duplicate.kind === 'character' ? project.characters : project.places;
        let name = `${written}_2`;
        for (let i = 3; taken.has(name); i++) name = `${written}_${i}`;
        return [
          ...(bare ? [{ title: `Remove the second declaration of \`${written}\``, edits: [removeItem(text, conflict.file, duplicate.span)], kind: 'structure' as const }] : []),
          { title: `Rename this ${duplicate.kind} to \`${name}\``, edits: [{ file: conflict.file, span: duplicate.name.span, newText: name }], kind: 'structure' },
        ];
      }
      case 'duplicateNode': {
        // A duplicate beat or arc name: rename this one.
        const name = freshName(project, anchor.name.text);
        return [{ title: `Rename this \`${anchor.name.text}\` to \`${name}\``, edits: [{ file: conflict.file, span: anchor.name.span, newText: name }], kind: 'structure' }];
      }
      default:
        return [];
    }
  },
};

const e006: RepairProvider<FrontEndAnchor> = {
  repairs(_conflict, { project, anchor }) {
    return anchor?.kind === 'reference' ? replaceWithNearest(project, anchor.reference) : [];
  },
};

const e007: RepairProvider<FrontEndAnchor> = {
  repairs(conflict, { project, anchor }) {
    switch (anchor?.kind) {
      case 'intensity': {
        const value = anchor.item.value;
        if (!value) return [];
        const clamped = value.value < 0 ? 0 : 10;
        return [{ title: `Set the intensity to ${clamped}`, edits: [{ file: conflict.file, span: value.span, newText: String(clamped) }], kind: 'structure' }];
      }
      case 'span': {
        const { from, to } = anchor.item;
        if (!from || !to) return [];
        const text = fileText(project, conflict.file);
        const written = (span: { start: number; end: number }): string => text.slice(span.start, span.end);
        return [{
          title: 'Swap the start and end of the span',
          edits: [{ file: conflict.file, span: { start: from.span.start, end: to.span.end }, newText: `${written(to.span)}..${written(from.span)}` }],
          kind: 'structure',
        }];
      }
      case 'reference':
        return replaceWithNearest(project, anchor.reference);
      default:
        return [];
    }
  },
};

const e004e005: RepairProvider<FrontEndAnchor> = {
  repairs(conflict, { project, anchor }) {
    if (anchor?.kind !== 'include' || !anchor.include.path) return [];
    return [{
      title: `Remove \`include "${anchor.include.path.value}"\``,
      edits: [removeItem(fileText(project, conflict.file), conflict.file, anchor.include.span)],
      kind: 'structure',
    }];
  },
};

/** Repair providers for the codes the front end reports. */
export const FRONT_END_REPAIRS: ReadonlyMap<string, RepairProvider> = new Map<string, RepairProvider<FrontEndAnchor>>([
  ['E002', e002],
  ['E003', e003],
  ['E004', e004e005],
  ['E005', e004e005],
  ['E006', e006],
  ['E007', e007],
]);
