"""Argument types and exit codes shared by the crib subcommands (kept tiny: every command imports it)."""

from __future__ import annotations

import argparse

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
