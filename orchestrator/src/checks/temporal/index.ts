import type { Check } from '../check.js';
import { t101 } from './t101-cause-before-effect.js';
import { t102 } from './t102-requirement-met.js';
import { t103 } from './t103-causal-cycle.js';
import { t104 } from './t104-cause-co-possible.js';
import { t105 } from './t105-prevented-beat.js';
import { t106 } from './t106-option-after-choice.js';

/** The temporal checks, one module per code or per family sharing one rule. */
export const TEMPORAL_CHECKS: readonly Check[] = [t101, t102, t103, t104, t105, t106];
