"""Knowledge packs: the model, YAML loading and validation. Never imports Textual."""

# The pack format's version: the index fingerprint includes it. Kept here, free of imports, so a
# warm start can read it without loading the model.
SCHEMA_VERSION = 2  # 2: strings cleaned of control characters at load
