/** Stories the pacing tests (the module's and the CLI's) share. */

/** Two paths: `slow` climbs to the peak (9), `fast` jumps (+6, over `spike 2`). */
export const FORK = [
  'story "Fork" {',
  '  limits { max 8  spike 2  peak 7  calm 2  warn 6 }',
  '}',
  'event calm_start @1 "Quiet" { intensity 1 }',
  'choice fork @2 "Which way?" {',
  '  option slow "Slowly" {',
  '    event build @3 { intensity 3 }',
  '    event crest @4 "The crest" { intensity 9 }',
  '  }',
  '  option fast "Fast" {',
  '    event jolt @3 { intensity 7 }',
  '  }',
  '}',
  'event rest @5 { intensity 2 }',
  'choice after @6 { option one { event one_more @7 { intensity 4 } }  option two { event two_more @7 { intensity 5 } } }',
].join('\n');
