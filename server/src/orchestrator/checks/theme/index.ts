import type { Check } from '../check.js';

/** The theme checks, one module per code or per family sharing one rule. */
export const THEME_CHECKS: readonly Check[] = [];
