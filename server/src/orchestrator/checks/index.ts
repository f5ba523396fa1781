/**
 * The table of conflict checks: each module reports one code or a small
 * family of codes sharing one rule. Adding a check touches its module, this
 * table and one fixture.
 */
import type { Check } from './check.js';

export const CHECKS: readonly Check[] = [];
