// The fixture project of the real-editor tests (test/editors/). The tests
// edit a copy of it: line and column positions below are looked up by text.
include "people.arc"

story "The Ferry" {
  themes trust
}

place harbor "The harbor"

arc crossing meso "The crossing" {
  themes trust

  event boarding @1 "Ana boards the ferry" {
    at harbor
    with ana
    intensity 2
    themes trust
    causes storm
  }
  event storm @2 "A storm breaks" { with ana, ben  intensity 4 }
  // E002: `bnn` is not declared (did you mean `ben`?)
  event landing @3 "Landing" { with bnn  intensity 2  resolves crossing }
}

// T101: a cause that is not before its effect.
event late_news @5 { with ben  causes early_call }
event early_call @4 { with ana }
