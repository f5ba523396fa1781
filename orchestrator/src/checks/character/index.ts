import type { Check } from '../check.js';
import { c201 } from './c201-involved-after-exit.js';
import { c202 } from './c202-two-places.js';
import { c203 } from './c203-stage-backwards.js';
import { c204 } from './c204-involved-before-entry.js';

/** The character checks, one module per code or per family sharing one rule. */
export const CHARACTER_CHECKS: readonly Check[] = [c201, c202, c203, c204];
