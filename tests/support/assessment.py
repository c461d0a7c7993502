"""What the browser tests of the self-assessment share: where its reveal card must be."""

# The card fully on screen, its title below Material's fixed header.
CARD_IN_VIEW = """() => {
  const card = document.querySelector(".quiz-reveal").getBoundingClientRect();
  const title = document.querySelector(".quiz-reveal__title").getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return card.top >= 0 && title.top >= header.bottom && card.bottom <= window.innerHeight;
}"""
