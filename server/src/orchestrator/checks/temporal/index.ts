import type { Check } from '../check.js';
import { causeBeforeEffect } from './t101-cause-before-effect.js';
import { requirementMet } from './t102-requirement-met.js';
import { causalCycle } from './t103-causal-cycle.js';
import { causeCoPossible } from './t104-cause-co-possible.js';
import { preventedBeat } from './t105-prevented-beat.js';
import { optionAfterChoice } from './t106-option-after-choice.js';

/** The temporal checks, one module per code or per family sharing one rule. */
export const TEMPORAL_CHECKS: readonly Check[] = [
  causeBeforeEffect,
  requirementMet,
  causalCycle,
  causeCoPossible,
  preventedBeat,
  optionAfterChoice,
];
