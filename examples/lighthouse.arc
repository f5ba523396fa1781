include "characters.arc"

story "The Lighthouse Keeper" {
  themes grief, resilience
  goal grounding "Practise grounding when overwhelmed"
  limits { max 7  spike 3  peak 6  calm 3  within 2  warn 6 }
  avoid graphic_violence
  rules { M302 off }
}

place lighthouse "The lighthouse"

arc healing macro "Learning to let go" {
  themes grief, resilience
  goals grounding

  arc storm meso "The storm night" {
    event storm_begins @1 "The storm begins" {
      at lighthouse
      with mara
      intensity 4
      > The wind rose before dusk.
    }
    event lamp_fails @2 { with mara  intensity 5  causes ship_in_danger }
    event ship_in_danger @3 { with tom  intensity 6  warning "A ship in peril" }

    choice keep_watch @4 "What does Mara do?" {
      option vigil "Keep the lamp lit" {
        event breathing @5 { with mara  intensity 3  addresses grounding }
      }
      option search "Go down to the harbor" {
        event finds_boat @5 { with mara  intensity 6  kills tom  warning "Loss" }
      }
    }
    event dawn @6 { with mara  intensity 2  resolves storm }
  }
  event letting_go @9 { with mara  stage mara acceptance  addresses grounding  resolves healing }
}
