"""Writing one-shot output: through a pager when it is taller than the terminal (as git does),
never when piped; piped lines carry no trailing spaces."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

from rich.console import Console, RenderableType

DEFAULT_PAGER = "less"
# git's defaults for less: quit if it fits (-F), keep colours (-R), leave the text on screen (-X).
LESS_DEFAULTS = "FRX"


def pager_command() -> list[str] | None:
    """The pager to use ($CRIB_PAGER, then $PAGER, then less); None when set to nothing or cat."""
    chosen = os.environ.get("CRIB_PAGER", os.environ.get("PAGER", DEFAULT_PAGER)).strip()
    if not chosen or chosen == "cat":
        return None
    return shlex.split(chosen)


def emit(out: Console, renderable: RenderableType, *, page: bool = False) -> None:
    """Print `renderable`; on a terminal, page it if asked and taller than the screen."""
    if not out.is_terminal:
        with out.capture() as captured:
            out.print(renderable, crop=False)
        text = captured.get()
        sys.stdout.write("".join(line.rstrip() + "\n" for line in text.splitlines()))
        return
    if not page:
        out.print(renderable, crop=False)
        return
    with out.capture() as captured:
        out.print(renderable, crop=False)
    text = captured.get()
    command = pager_command()
    if command is None or text.count("\n") < out.height:
        sys.stdout.write(text)
        return
    env = dict(os.environ)
    env.setdefault("LESS", LESS_DEFAULTS)
    try:
        subprocess.run(command, input=text.encode(), env=env, check=False)
    except OSError:  # no such pager: print as if there were none
        sys.stdout.write(text)
