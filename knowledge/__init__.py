"""Knowledge packs: the model, YAML loading and validation. Never imports Textual."""
