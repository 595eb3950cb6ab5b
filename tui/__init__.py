"""crib's user interfaces: the command line and the full-screen Textual app."""
