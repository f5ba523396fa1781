// Included by story.arc.

character ana "Ana, the ferry pilot"
character ben "Ben, a passenger"

// E002: `harbour` is not declared (did you mean `harbor`?)
event farewell @6 "Farewell" { with ana, ben  at harbour }
