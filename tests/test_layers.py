"""The domain layers never import Textual; a one-shot search does not either."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import MINI

CHECK = """
import importlib, pkgutil, sys
for pkg in ("knowledge", "index"):
    module = importlib.import_module(pkg)
    for info in pkgutil.walk_packages(module.__path__, pkg + "."):
        importlib.import_module(info.name)
print(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")))
"""


def test_knowledge_and_index_never_import_textual() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_index_never_imports_tui() -> None:
    code = CHECK.replace('m == "textual" or m.startswith("textual.")', 'm.startswith("tui")')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_shot_search_does_not_import_textual() -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"rc = main(['--pack', {str(MINI)!r}, 'search', 'nat', '--json'])\n"
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN', rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN 0"


def test_one_shot_commands_do_not_load_yaml_or_the_loader() -> None:
    build = f"from tui.cli import main\nmain(['--pack', {str(MINI)!r}, 'index'])"
    subprocess.run([sys.executable, "-c", build], capture_output=True, check=True)
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"rc = main(['--pack', {str(MINI)!r}, 'search', 'nat'])\n"
        f"rc += main(['--pack', {str(MINI)!r}, 'show', 'nat-gateway'])\n"
        "heavy = [m for m in sys.modules if m.startswith(('yaml', 'knowledge.loader'))]\n"
        "print('HEAVY', heavy, rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY [] 0"


def test_the_command_line_names_every_import_format() -> None:
    from knowledge.importers.files import FORMATS
    from tui.packs_cli import FORMATS as NAMED

    assert NAMED == FORMATS


def test_one_shot_search_builds_no_knowledge_base() -> None:
    build = f"from tui.cli import main\nmain(['--pack', {str(MINI)!r}, 'index'])"
    subprocess.run([sys.executable, "-c", build], capture_output=True, check=True)
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"rc = main(['--pack', {str(MINI)!r}, 'search', 'nat'])\n"
        "print('BASE', [m for m in ('knowledge.base', 'knowledge.model') if m in sys.modules], rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "BASE [] 0"
