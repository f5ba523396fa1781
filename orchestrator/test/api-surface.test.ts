/**
 * What the package exports is its API (semantic versioning): removing or
 * renaming an export is a breaking change, so this list must only grow
 * between major versions. Adding an export means adding it here too, on
 * purpose. The types are held by api-types.ts, which must compile.
 */
import assert from 'node:assert/strict';
import * as orchestrator from '../src/index.js';

const EXPORTS = [
  'ALL_CODES',
  'CODES',
  'CancelledError',
  'CausalGraph',
  'DEFAULT_CALM',
  'EMPTY_PLAY_STATE',
  'MemoryHost',
  'NEVER_CANCELLED',
  'PathModel',
  'SCALE_RANK',
  'SCALE_WEIGHT',
  'ScaleManager',
  'addedConflicts',
  'addedErrors',
  'addsError',
  'analyse',
  'analyseImpact',
  'analyseProject',
  'applyEdits',
  'checkProject',
  'codeInfo',
  'compareByTime',
  'computePathStatistics',
  'computePlaythrough',
  'countNewConflicts',
  'describeAdded',
  'fixAll',
  'fixAllConflicts',
  'formatNumber',
  'formatPath',
  'hasRepairs',
  'impact',
  'impactOf',
  'includeKey',
  'lineEndingOf',
  'loadProject',
  'nearest',
  'pathStatistics',
  'pathStatisticsToJson',
  'playthrough',
  'proposeResolutions',
  'rankResolutions',
  'reanalyse',
  'repairContext',
  'repairs',
  'startAnalysis',
  'stateChanges',
  'storyMap',
  'subjectKey',
  'throwIfCancelled',
];

describe('the public API', () => {
  it('still exports every name it ever exported, and nothing unlisted', () => {
    const actual = Object.keys(orchestrator).sort();
    const missing = EXPORTS.filter((name) => !actual.includes(name));
    assert.deepEqual(missing, [], 'exports disappeared: a breaking change');
    assert.deepEqual(actual.filter((name) => !EXPORTS.includes(name)), [], 'new exports: list them here on purpose');
  });
});
