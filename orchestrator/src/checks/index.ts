/**
 * The table of conflict checks: each module reports one code or a small
 * family of codes sharing one rule, with its messages and repairs, and
 * exports one constant named after its code (`t101`, `m303m304`). Adding a
 * check is its module (listed in its family's index), one fixture, its row
 * in codes.ts and its section in docs/checks.md; server/test/codes.test.ts
 * fails until the four agree.
 */
import type { Check } from './check.js';
import { CHARACTER_CHECKS } from './character/index.js';
import { SCALE_CHECKS } from './scale/index.js';
import { TEMPORAL_CHECKS } from './temporal/index.js';
import { THEME_CHECKS } from './theme/index.js';
import { THERAPEUTIC_CHECKS } from './therapeutic/index.js';

export const CHECKS: readonly Check[] = [
  ...TEMPORAL_CHECKS,
  ...CHARACTER_CHECKS,
  ...THEME_CHECKS,
  ...THERAPEUTIC_CHECKS,
  ...SCALE_CHECKS,
];

/** The module responsible for a code, for the resolution engine. */
export function checkFor(code: string): Check | undefined {
  return CHECKS.find((check) => check.codes.includes(code));
}
