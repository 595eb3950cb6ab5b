"""Safe YAML loading that remembers where every key and value was written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from knowledge.text import clean_text

try:  # libyaml's parser when present: same safe semantics, much faster
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined,assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class MarkedDict(dict[str, Any]):
    """A mapping that knows where it and each of its keys and values start."""

    mark: Mark
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]
    duplicate_keys: list[tuple[str, Mark]]


class MarkedList(list[Any]):
    """A sequence that knows where it and each of its items start."""

    mark: Mark
    item_marks: list[Mark]


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


# Limits that keep one hostile file from taking all memory or time. Every number is far above
# what a hand-written or imported pack needs; knowledge/FORMAT.md lists them.
MAX_TEXT = 200_000  # characters in one string
MAX_ITEMS = 20_000  # entries (or comparisons, cards) in one file's top-level list
MAX_LIST = 1_000  # items of any other list, keys of any other mapping
MAX_DEPTH = 32  # lists and mappings inside one another
MAX_EXPANDED = 1_000_000  # values aliases may add beyond what the file spells out


class _MarkingLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.sizes: dict[yaml.Node, int] = {}  # values a node stands for, aliases expanded
        self.depth = 0
        self.max_size = MAX_EXPANDED + len(stream) // 2  # an alias-free file never reaches it


def _limit(node: yaml.Node, message: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _enter(loader: _MarkingLoader, node: yaml.CollectionNode) -> None:
    loader.depth += 1
    if loader.depth > MAX_DEPTH:
        raise _limit(node, f"nested more than {MAX_DEPTH} levels deep")
    most = MAX_ITEMS if loader.depth <= 2 else MAX_LIST
    if len(node.value) > most:
        what = "items" if isinstance(node, yaml.SequenceNode) else "keys"
        raise _limit(node, f"{len(node.value):,} {what} here; the most is {most:,}")


def _size(loader: _MarkingLoader, node: yaml.Node, children: list[yaml.Node]) -> None:
    size = 1 + sum(loader.sizes.get(child, 1) for child in children)
    loader.sizes[node] = size
    if size > loader.max_size:
        raise _limit(node, f"aliases here expand to more than {loader.max_size:,} values")


def _construct_mapping(loader: _MarkingLoader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    _enter(loader, node)
    try:
        result = MarkedDict()
        result.mark = _mark(node)
        result.key_marks, result.value_marks, result.duplicate_keys = {}, {}, []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # converting it could be huge
                raise _limit(key_node, "a key must be plain text, not a list or a mapping")
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                result.duplicate_keys.append((key, _mark(key_node)))
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_marks[key] = _mark(key_node)
            result.value_marks[key] = _mark(value_node)
        _size(loader, node, [value for _, value in node.value])
        return result
    finally:
        loader.depth -= 1


def _construct_sequence(loader: _MarkingLoader, node: yaml.SequenceNode) -> MarkedList:
    _enter(loader, node)
    try:
        result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
        result.mark = _mark(node)
        result.item_marks = [_mark(child) for child in node.value]
        _size(loader, node, node.value)
        return result
    finally:
        loader.depth -= 1


def _construct_str(loader: _MarkingLoader, node: yaml.ScalarNode) -> str:
    """Every string of a pack, keys included, without terminal control characters."""
    text = loader.construct_scalar(node)
    if len(text) > MAX_TEXT:
        raise _limit(node, f"text of {len(text):,} characters; the most is {MAX_TEXT:,}")
    return clean_text(text)


_MarkingLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_MarkingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_MarkingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(Exception):
    """A YAML file that cannot be parsed, with the position and the offending line."""

    def __init__(self, message: str, line: int, column: int, source_line: str) -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.source_line = message, line, column, source_line


def load_marked(text: str) -> Any:
    """Parse YAML text safely; mappings and sequences come back marked with positions."""
    try:
        loader = _MarkingLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except RecursionError:  # the pure-Python parser, on nesting past MAX_DEPTH
        raise YamlSyntaxError(f"nested more than {MAX_DEPTH} levels deep", 0, 0, "") from None
    except yaml.MarkedYAMLError as error:
        lines = text.splitlines()
        mark = error.problem_mark or error.context_mark
        past_end = mark is not None and (mark.line >= len(lines) or not lines[mark.line].strip())
        if past_end and error.context_mark is not None:
            # Past the end of the file (an unclosed bracket): point at where it was opened.
            mark = error.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        if line > len(lines) or (line > 0 and not lines[line - 1].strip()):
            # The parser ran off the end: the cause is on the last line with text.
            last = max((i for i, text in enumerate(lines) if text.strip()), default=-1)
            if last >= 0:
                line, column = last + 1, len(lines[last].rstrip()) + 1
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        parts = [p for p in (error.context, error.problem) if p]
        raise YamlSyntaxError(
            "; ".join(parts) or "invalid YAML", line, column, source_line
        ) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error), 0, 0, "") from None
