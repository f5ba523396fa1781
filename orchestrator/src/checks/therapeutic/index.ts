import type { Check } from '../check.js';
import { w401 } from './w401-max-intensity.js';
import { w402 } from './w402-spike.js';
import { w403 } from './w403-avoided-tag.js';
import { w404 } from './w404-recovery.js';
import { w405 } from './w405-unaddressed-goal.js';
import { w406 } from './w406-missing-warning.js';

/** The therapeutic checks, one module per code or per family sharing one rule. */
export const THERAPEUTIC_CHECKS: readonly Check[] = [w401, w402, w403, w404, w405, w406];
