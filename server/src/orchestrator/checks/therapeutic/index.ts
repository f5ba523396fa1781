import type { Check } from '../check.js';
import { W401_MAX_INTENSITY } from './w401-max-intensity.js';
import { W402_SPIKE } from './w402-spike.js';
import { W403_AVOIDED_TAG } from './w403-avoided-tag.js';
import { W404_RECOVERY } from './w404-recovery.js';
import { W405_UNADDRESSED_GOAL } from './w405-unaddressed-goal.js';
import { W406_MISSING_WARNING } from './w406-missing-warning.js';

/** The therapeutic checks, one module per code or per family sharing one rule. */
export const THERAPEUTIC_CHECKS: readonly Check[] = [
  W401_MAX_INTENSITY,
  W402_SPIKE,
  W403_AVOIDED_TAG,
  W404_RECOVERY,
  W405_UNADDRESSED_GOAL,
  W406_MISSING_WARNING,
];
