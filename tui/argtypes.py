"""Argument types, exit codes and the warning line shared by the crib subcommands (kept tiny:
every command imports it)."""

from __future__ import annotations

import argparse
import sys

EXIT_FOUND, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def positive(text: str) -> int:
    """A whole number of 1 or more, with a message argparse prints as a usage error."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def warn(message: str) -> None:
    """A message on stderr; whatever it quotes (a path, an id, a query) loses control codes."""
    from knowledge.text import clean_text

    print(f"crib: {clean_text(message)}", file=sys.stderr)
