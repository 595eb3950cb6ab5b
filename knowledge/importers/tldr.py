"""tldr pages: `# name`, `> ` description lines, then `- description:` and a backtick command.

Old and hand-written pages are read too: descriptions wrapped over two lines, in lower case or
without the colon, a command missing a backtick, no "More information" line, a Setext title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.importers.common import PackBuilder, one_line, read_source, skip
from knowledge.model import CodeBlock

PLATFORMS = {
    "common": "Common",
    "linux": "Linux",
    "osx": "macOS",
    "windows": "Windows",
    "android": "Android",
    "freebsd": "FreeBSD",
    "netbsd": "NetBSD",
    "openbsd": "OpenBSD",
    "sunos": "SunOS",
    "cisco-ios": "Cisco IOS",
    "dos": "DOS",
}
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_OPTION = re.compile(r"^\[(-[^|\]]*\|--?[^\]]*)\]$")  # {{[-o|--output]}}: short or long option
_MNEMONIC = re.compile(r"(?<=\w)\[(\w+)\]|\[(\w+)\](?=\w)")  # E[x]tract, [c]reate
_INFO = re.compile(r"^More\s+information:\s*<?([^>\s]+?)>?\.?$", re.IGNORECASE)
_SEE_ALSO = re.compile(r"^See\s+also:\s*(.*)$", re.IGNORECASE)
_BACKTICKED = re.compile(r"`([^`]+)`")


@dataclass
class Example:
    description: str
    line: int
    command: str = ""


@dataclass
class Page:
    """One tldr page as read, before it becomes an entry."""

    title: str = ""
    line: int = 1
    description: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    url: str = ""
    examples: list[Example] = field(default_factory=list)


def render_command(command: str) -> str:
    """A command with `{{placeholders}}` shown as `<placeholders>` and `\\{\\{` as braces."""
    command = command.replace("\\{\\{", "\x00").replace("\\}\\}", "\x01")

    def placeholder(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        option = _OPTION.match(inner)
        return option.group(1) if option else f"<{inner}>"

    return _PLACEHOLDER.sub(placeholder, command).replace("\x00", "{{").replace("\x01", "}}")


def plain_description(text: str) -> str:
    """An example description without mnemonic brackets (outside code) or its trailing colon."""
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # even parts are outside backticks
        parts[index] = _MNEMONIC.sub(lambda m: m.group(1) or m.group(2), parts[index])
    text = "`".join(parts).strip().rstrip(":").strip()
    return text[:1].upper() + text[1:]


def parse_page(text: str) -> Page:
    """Read a page line by line, forgiving the messy shapes old pages have."""
    page = Page()
    lines = text.split("\n")
    current: Example | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# ") and not page.title:
            page.title, page.line = line[2:].strip(), number
        elif set(line) == {"="} and number >= 2 and not page.title and lines[number - 2].strip():
            page.title, page.line = lines[number - 2].strip(), number - 1  # Setext title
        elif line.startswith(">"):
            _description_line(page, line[1:].strip())
        elif line.startswith(("- ", "* ")):
            current = Example(line[2:].strip(), number)
            page.examples.append(current)
        elif line.startswith("`") or (current is not None and _looks_like_command(current)):
            command = line.strip("`").strip()
            if current is None or current.command:
                current = Example("", number)
                page.examples.append(current)
            current.command = command
        elif current is not None and not current.command:
            current.description += " " + line  # a description wrapped onto a second line
        elif not page.examples and page.title and lines[number - 2 : number - 1] != [""]:
            _description_line(page, line)  # a wrapped description line without its ">"
    return page


def _looks_like_command(example: Example) -> bool:
    """A line after `- description:` (the colon) with no backticks is its command."""
    return not example.command and example.description.rstrip().endswith(":")


def _description_line(page: Page, text: str) -> None:
    if info := _INFO.match(text):
        page.url = info.group(1)
    elif see := _SEE_ALSO.match(text):
        names = _BACKTICKED.findall(see.group(1)) or re.split(r",\s*|\s+or\s+", see.group(1))
        page.see_also += [n.strip(" .") for n in names if n.strip(" .")]
    elif re.match(r"^(Note|Warning):", text, re.IGNORECASE):
        page.notes.append(text)
    elif text:
        page.description.append(text)


def platform_of(path: Path) -> str:
    """The platform folder a page sits in (`pages/linux/ip.md` -> linux); common if none."""
    parent = path.parent.name.lower()
    return (
        parent if parent in PLATFORMS or path.parent.parent.name.startswith("pages") else "common"
    )


def add_page(builder: PackBuilder, path: Path, shown: str, seen_names: set[str]) -> None:
    """Read one page into the builder, or record why it was skipped."""
    text = read_source(path, builder.problems)
    if text is None:
        return
    page = parse_page(text)
    examples = [e for e in page.examples if e.command]
    if not page.title and not examples:
        builder.problems.append(
            skip(shown, 1, "not a tldr page: no `# name` title and no examples")
        )
        return
    name = page.title or path.stem.replace("-", " ")
    platform = platform_of(path)
    key = name.casefold()
    id_name = name if key not in seen_names else f"{name} {platform}"
    seen_names.add(key)
    summary = _BACKTICKED.sub(r"\1", " ".join(page.description))
    body = "\n\n".join(page.notes)
    if page.see_also:
        body += ("\n\n" if body else "") + "See also: " + ", ".join(f"`{n}`" for n in page.see_also)
    domain = builder.domain(PLATFORMS.get(platform, platform.title()), platform)
    entry = builder.entry(
        id_name,
        title=name,
        domain=domain,
        summary=summary or f"{name}: {len(examples)} examples",
        path=shown,
        line=page.line,
        tags=[platform, name.split()[0]],
        aliases=[path.stem] if path.stem != name else [],
        body=body,
        code=[
            CodeBlock("sh", render_command(e.command), one_line(plain_description(e.description)))
            for e in examples
        ],
        sources=[page.url] if page.url else [],
    )
    entry.see_also = page.see_also  # names for now; resolved to ids once every page is read


def resolve_see_also(builder: PackBuilder) -> None:
    """Turn "See also" command names into the ids of pages of this pack; drop the others."""
    by_name: dict[str, str] = {}
    for entry in builder.entries:
        for name in (entry.title, *entry.aliases):
            by_name.setdefault(name.casefold(), entry.id)
    for entry in builder.entries:
        wanted = (
            by_name.get(n.casefold().replace("-", " ")) or by_name.get(n.casefold())
            for n in entry.see_also
        )
        entry.see_also = list(dict.fromkeys(i for i in wanted if i and i != entry.id))
