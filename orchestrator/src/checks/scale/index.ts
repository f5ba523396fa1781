import type { Check } from '../check.js';
import { s501 } from './s501-nesting.js';
import { s502 } from './s502-unresolved.js';
import { s503 } from './s503-after-resolution.js';
import { s504 } from './s504-span.js';
import { s505 } from './s505-outside-resolver.js';
import { s506 } from './s506-scale-leap.js';

/** The scale checks, one module per code. */
export const SCALE_CHECKS: readonly Check[] = [s501, s502, s503, s504, s505, s506];
