// The people of "The Lighthouse Keeper" (included by lighthouse.arc).

character mara "Mara, the lighthouse keeper" {
  traits steadfast, grieving, watchful
  stages denial -> anger -> bargaining -> acceptance
}

character tom "Tom, a fisherman caught in the storm" {
  traits reckless, warm
}
