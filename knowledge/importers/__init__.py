"""Readers for other tools' cheat sheets and for notes: tldr, cheat, navi, Markdown, plain text.

Each reader turns files into crib entries (and comparisons) with the source file and line; a file
that cannot be read is reported as `file:line: message` and skipped, never the whole folder.
`reading.read_sources` is the entry point; `files` (standard library only) says which files a
format reads, so a warm start can stat them without loading YAML or the readers.
"""
