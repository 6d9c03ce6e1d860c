"""Read one YAML file into plain data plus a map from each value's path to its line.

PyYAML's composed node tree knows where every value starts; the constructed
Python data does not. We keep both so that a validation error deep inside a
vignette can still say `mads.yaml:14`. Anything that goes wrong while reading
becomes a `ContentError`, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from opsporing import texts
from opsporing.content.errors import ContentError

MAX_BYTES = 1_000_000
"""A content file is text written by a person; anything larger is a mistake."""

MAX_DEPTH = 40
"""The deepest content nests about eight levels; a thousand `[` would only recurse."""

MAX_EVENTS = 20_000
"""Values, keys and brackets in one file: the largest shipped file has about 2,000.

PyYAML builds every value as a Python object, some 20 µs each, so a megabyte of
`[a, a, a, …]` would take seconds; the cap keeps any file well under a second.
"""

MERGE_TAG = "tag:yaml.org,2002:merge"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlFile:
    path: Path
    shown_as: str
    data: Any
    lines: dict[Loc, int]

    def line(self, loc: Loc) -> int:
        """The line of the deepest part of `loc` that exists in the file (1-based)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1

    def error(self, loc: Loc, message: str) -> ContentError:
        return ContentError(self.shown_as, self.line(loc), format_loc(loc), message)


def format_loc(loc: Loc) -> str:
    """`("trin", 1, "spørgsmål", 0, "type")` → `trin[1].spørgsmål[0].type`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: ten times faster, and the same nodes."""


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text: pydantic parses them with better errors."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, shown_as: str) -> YamlFile:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ContentError(shown_as, 1, "", texts.ERR_TOO_LARGE.format(mb=size / 1_000_000))
    raw = path.read_bytes()
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(shown_as, line, "", texts.ERR_NOT_UTF8) from None
    if not source.strip():
        raise ContentError(shown_as, 1, "", texts.ERR_EMPTY)
    loader = _Loader(source)
    try:
        _refuse_references(source, shown_as)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote is only found at the end of the file, but where it began
        # is what the author must fix; every other problem is where YAML says.
        at_end = "end of stream" in (exc.problem or "")
        mark = exc.context_mark if at_end and exc.context_mark else exc.problem_mark
        line = mark.line + 1 if mark else 1
        raise ContentError(
            shown_as, line, "", texts.ERR_YAML.format(problem=exc.problem or exc.context)
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(shown_as, 1, "", texts.ERR_YAML.format(problem=exc)) from None
    if node is None:
        raise ContentError(shown_as, 1, "", texts.ERR_EMPTY)
    lines: dict[Loc, int] = {}
    _index(node, (), lines, shown_as)
    try:
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise ContentError(shown_as, 1, "", texts.ERR_YAML.format(problem=exc)) from None
    finally:
        loader.dispose()
    return YamlFile(path, shown_as, data, lines)


def _refuse_references(source: str, shown_as: str) -> None:
    """Refuse anchors, aliases, deep nesting and masses of values before any node is built.

    Content is plain data and needs no references. An alias is where a small
    file turns huge ("billion laughs"): nine lines of aliases make a billion
    values once expanded, and even walking the composed tree to index its
    lines would never end. The parser's events name every anchor and alias
    with its line, so the file is refused here, in one linear pass.
    """
    events = _Loader(source)
    depth = 0
    count = 0
    try:
        while (event := events.get_event()) is not None:
            line = event.start_mark.line + 1
            count += 1
            if count > MAX_EVENTS:
                n = f"{MAX_EVENTS:,}".replace(",", ".")
                raise ContentError(shown_as, line, "", texts.ERR_YAML_TOO_MANY.format(n=n))
            if isinstance(event, yaml.AliasEvent):
                raise ContentError(
                    shown_as, line, "", texts.ERR_YAML_ALIAS.format(name=event.anchor)
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise ContentError(shown_as, line, "", texts.ERR_YAML_ANCHOR.format(name=anchor))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ContentError(
                        shown_as, line, "", texts.ERR_YAML_TOO_DEEP.format(n=MAX_DEPTH)
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                return
    finally:
        events.dispose()


def _index(node: yaml.Node, loc: Loc, lines: dict[Loc, int], shown_as: str) -> None:
    """Record each value's line, and reject duplicate keys, which PyYAML silently merges."""
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag == MERGE_TAG:
                raise ContentError(
                    shown_as, key_node.start_mark.line + 1, format_loc(loc), texts.ERR_YAML_MERGE
                )
            if key in seen:
                raise ContentError(
                    shown_as,
                    key_node.start_mark.line + 1,
                    format_loc((*loc, key)),
                    texts.ERR_DUPLICATE_KEY.format(key=key),
                )
            seen.add(key)
            _index(value_node, (*loc, key), lines, shown_as)
            # A missing-field error points at the mapping; a wrong value at its key's line.
            lines[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*loc, i), lines, shown_as)
