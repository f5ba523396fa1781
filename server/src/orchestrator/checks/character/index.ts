import type { Check } from '../check.js';

/** The character checks, one module per code or per family sharing one rule. */
export const CHARACTER_CHECKS: readonly Check[] = [];
