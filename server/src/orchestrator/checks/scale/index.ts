import type { Check } from '../check.js';

/** The scale checks, one module per code or per family sharing one rule. */
export const SCALE_CHECKS: readonly Check[] = [];
