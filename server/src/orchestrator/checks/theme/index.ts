import type { Check } from '../check.js';
import { M301_UNDECLARED_THEME } from './m301-undeclared-theme.js';
import { M302_UNCARRIED_THEME } from './m302-uncarried-theme.js';
import { M303_M304_SETUP_PAYOFF } from './m303-m304-setup-payoff.js';

/** The theme checks, one module per code or per family sharing one rule. */
export const THEME_CHECKS: readonly Check[] = [
  M301_UNDECLARED_THEME,
  M302_UNCARRIED_THEME,
  M303_M304_SETUP_PAYOFF,
];
