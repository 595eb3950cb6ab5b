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


class _MarkingLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader: _MarkingLoader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.mark = _mark(node)
    result.key_marks, result.value_marks, result.duplicate_keys = {}, {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            result.duplicate_keys.append((key, _mark(key_node)))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_marks[key] = _mark(key_node)
        result.value_marks[key] = _mark(value_node)
    return result


def _construct_sequence(loader: _MarkingLoader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.mark = _mark(node)
    result.item_marks = [_mark(child) for child in node.value]
    return result


def _construct_str(loader: _MarkingLoader, node: yaml.ScalarNode) -> str:
    """Every string of a pack, keys included, without terminal control characters."""
    return clean_text(loader.construct_scalar(node))


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
        return yaml.load(text, Loader=_MarkingLoader)  # noqa: S506 - a SafeLoader subclass
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
