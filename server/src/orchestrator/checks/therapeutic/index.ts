import type { Check } from '../check.js';

/** The therapeutic checks, one module per code or per family sharing one rule. */
export const THERAPEUTIC_CHECKS: readonly Check[] = [];
