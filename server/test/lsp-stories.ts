/**
 * The two-file project the protocol tests work on: `main.arc` includes
 * `characters.arc`. It holds three warnings: W405 twice (the goal is not
 * addressed on path keep_watch → search) and C201 (`tom` is involved in
 * `rescue` after being killed on that path).
 */
export const CHARACTERS = `// The people of the test story.
character mara "Mara" {
  traits steadfast
  stages denial -> anger -> acceptance
}
character tom "Tom"
place harbor "The harbor"
`;

export const MAIN = `include "characters.arc"

story "Test" {
  themes grief
  goal grounding "Breathe"
}

// The healing arc.
// It spans the whole story.
arc healing macro "Healing" {
  themes grief
  goals grounding
  event storm @1 "The storm" {
    at harbor  with mara, tom  causes rescue  themes grief
    > The wind rose.
    > The lamp flickered.
  }
  choice keep_watch @2 "What now?" {
    option vigil "Stay" {
      event breathing @3 { with mara  addresses grounding }
    }
    option search "Search" {
      event finds_boat @3 { with mara  kills tom }
    }
  }
  event rescue @4 { with tom  stage mara acceptance  resolves healing }
}
`;
