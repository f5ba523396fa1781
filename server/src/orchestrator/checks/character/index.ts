import type { Check } from '../check.js';
import { C201 } from './c201-involved-after-exit.js';
import { C202 } from './c202-two-places.js';
import { C203 } from './c203-stage-backwards.js';
import { C204 } from './c204-involved-before-entry.js';

/** The character checks, one module per code or per family sharing one rule. */
export const CHARACTER_CHECKS: readonly Check[] = [C201, C202, C203, C204];
