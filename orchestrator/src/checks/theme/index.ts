import type { Check } from '../check.js';
import { m301 } from './m301-undeclared-theme.js';
import { m302 } from './m302-uncarried-theme.js';
import { m303m304 } from './m303-m304-setup-payoff.js';

/** The theme checks, one module per code or per family sharing one rule. */
export const THEME_CHECKS: readonly Check[] = [m301, m302, m303m304];
