import type { Check } from '../check.js';

/** The temporal checks, one module per code or per family sharing one rule. */
export const TEMPORAL_CHECKS: readonly Check[] = [];
