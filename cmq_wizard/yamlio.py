"""The one door to YAML: safe loading only, the C loader when present, line numbers kept.

Every mapping and sequence comes back as `YMap` / `YList`, which remember the line of each
key and item, so that a later validation error can name `file:line`. Aliases are refused
before anything is constructed (no "billion laughs", no recursive structures); so are
duplicate keys, binary data, non-UTF-8 text and files over a size limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cmq_wizard import yamlbase
from cmq_wizard.errors import UserError, location
from cmq_wizard.safe import echo
from cmq_wizard.yamlbase import BaseLoader as _BaseLoader

KB = 1024
MB = 1024 * KB


class YMap(dict[Any, Any]):
    """A mapping that remembers its own line and the line of each key."""

    __slots__ = ("key_lines", "line")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.key_lines: dict[Any, int] = {}


class YList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    __slots__ = ("item_lines", "line")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.item_lines: list[int] = []


def _msg(msg_key: str, /, **fields: Any) -> str:
    from cmq_wizard.i18n import t

    return t(msg_key, **fields)


class _Loader(_BaseLoader):
    """Safe loader building YMap/YList and refusing duplicate keys."""

    source = "<input>"


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YMap:
    mapping = YMap()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):  # `? [1]`, `? !!set {a: null}`: never built
            raise UserError(
                _msg("yaml.unhashable_key"), where=location(loader.source, line), hint=_msg("yaml.hint_fix")
            )
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise UserError(
                _msg("yaml.unhashable_key"), where=location(loader.source, line), hint=_msg("yaml.hint_fix")
            ) from None
        if key in mapping:
            raise UserError(
                _msg("yaml.duplicate_key", key=echo(key), first=mapping.key_lines[key]),
                where=location(loader.source, line),
                hint=_msg("yaml.hint_duplicate"),
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> YList:
    seq = YList()
    seq.line = node.start_mark.line + 1
    for item in node.value:
        seq.append(loader.construct_object(item, deep=True))
        seq.item_lines.append(item.start_mark.line + 1)
    return seq


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def read_text(path: Path, *, max_bytes: int, what: str) -> str:
    """The text of `path`, checked: it exists, is not too large, not binary, and is UTF-8."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UserError(_msg("file.is_dir", what=what), where=str(path), hint=_msg("file.hint_path"))
        if size > max_bytes:
            raise UserError(
                _msg("file.too_large", what=what, size=_human(size), limit=_human(max_bytes)),
                where=str(path),
                hint=_msg("file.hint_too_large"),
            )
        with path.open("rb") as stream:  # bounded: a device (/dev/zero) or a pipe is never read past the limit
            data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise UserError(
                _msg("file.too_large_stream", what=what, limit=_human(max_bytes)),
                where=str(path),
                hint=_msg("file.hint_too_large"),
            )
    except FileNotFoundError:
        raise UserError(_msg("file.not_found", what=what), where=str(path), hint=_msg("file.hint_path")) from None
    except PermissionError:
        raise UserError(
            _msg("file.unreadable", what=what), where=str(path), hint=_msg("file.hint_permission")
        ) from None
    except OSError as exc:
        raise UserError(
            _msg("file.os_error", what=what, reason=exc.strerror or exc), where=str(path), hint=_msg("file.hint_path")
        ) from None
    return decode(data, source=str(path), what=what)


def decode(data: bytes, *, source: str, what: str) -> str:
    """Bytes to text: refuses binary data and anything that is not UTF-8 (a BOM is accepted)."""
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise UserError(_msg("file.binary", what=what), where=location(source, line), hint=_msg("file.hint_text"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(
            _msg("file.not_utf8", what=what, byte=f"0x{data[exc.start]:02x}"),
            where=location(source, line),
            hint=_msg("file.hint_utf8"),
        ) from None


def parse(text: str, *, source: str) -> Any:
    """Parse one YAML (or JSON) document safely. Returns YMap/YList/scalars; None when empty.

    One pass when the text is clean: composing builds the node graph without expanding
    anything, and an alias shows in it as a node reached twice (a recursive one as a cycle),
    so the graph is checked before anything is constructed. Anything else (an alias, a
    syntax error, a refused tag, a duplicate key) goes through `_parse_checked`, which
    refuses aliases from the event stream first and words every error.
    """
    loader = _Loader(text)
    loader.source = source
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if not _reached_twice(node):
            return loader.construct_document(node)
    except Exception:  # every error is worded by the checked pass below
        pass
    finally:
        loader.dispose()
    return _parse_checked(text, source=source)


def _reached_twice(root: yaml.Node) -> bool:
    """True when a node of the graph is reached twice: the mark of an alias."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if node.__class__ is yaml.MappingNode:
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif node.__class__ is yaml.SequenceNode:
            stack.extend(node.value)
    return False


def _parse_checked(text: str, *, source: str) -> Any:
    """Parse with every guard, in order: aliases refused from the events, then construction."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise UserError(
                    _msg("yaml.alias", anchor=event.anchor),
                    where=location(source, mark.line + 1, mark.column + 1) if mark is not None else source,
                    hint=_msg("yaml.hint_alias"),
                )
        loader = _Loader(text)
        loader.source = source
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "?"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            raise UserError(
                _msg("yaml.tag", tag=_tag_of(problem)),
                where=location(source, mark.line + 1 if mark else None),
                hint=_msg("yaml.hint_tag"),
            ) from None
        raise UserError(
            _msg("yaml.syntax", problem=_problem(problem)),
            where=location(source, mark.line + 1, mark.column + 1) if mark is not None else source,
            hint=_msg("yaml.hint_fix"),
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters)
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise UserError(
            _msg("yaml.bad_char", char=f"#x{exc.character:04x}" if isinstance(exc.character, int) else exc.character),
            where=location(source, line, column),
            hint=_msg("file.hint_text"),
        ) from None
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(
            _msg("yaml.syntax", problem=_problem(problem)), where=source, hint=_msg("yaml.hint_fix")
        ) from None
    except ValueError:  # a scalar YAML accepts but Python cannot build (an integer of 5,000 digits)
        raise UserError(_msg("yaml.bad_scalar"), where=source, hint=_msg("yaml.hint_bad_scalar")) from None
    except RecursionError:
        raise UserError(_msg("yaml.too_deep"), where=source, hint=_msg("yaml.hint_fix")) from None


# PyYAML's (and libyaml's) problems, by the start of their English words, and what they mean.
_PROBLEMS = (
    ("exceeded maximum nesting depth", "yaml.problem.too_deep"),
    ("mapping values are not allowed", "yaml.problem.mapping_here"),
    ("could not find expected ':'", "yaml.problem.expected_colon"),
    ("did not find expected key", "yaml.problem.expected_key"),
    ("did not find expected node content", "yaml.problem.expected_content"),
    ("expected a node content", "yaml.problem.expected_content"),
    ("did not find expected '-' indicator", "yaml.problem.expected_dash"),
    ("did not find expected ',' or ']'", "yaml.problem.expected_end_list"),
    ("expected ',' or ']'", "yaml.problem.expected_end_list"),
    ("did not find expected ',' or '}'", "yaml.problem.expected_end_map"),
    ("expected ',' or '}'", "yaml.problem.expected_end_map"),
    ("found character that cannot start any token", "yaml.problem.bad_token"),
    ("found character '\\t' that cannot start any token", "yaml.problem.tab"),
    ("found a tab character", "yaml.problem.tab"),
    ("found character", "yaml.problem.bad_token"),
    ("found unexpected end of stream", "yaml.problem.end_of_stream"),
    ("block sequence entries are not allowed", "yaml.problem.dash_here"),
    ("found unknown escape character", "yaml.problem.bad_escape"),
    ("expected <block end>", "yaml.problem.indentation"),
    ("expected <document start>", "yaml.problem.indentation"),
    ("expected the node content", "yaml.problem.expected_content"),
    ("but found another document", "yaml.problem.another_document"),
)


def _problem(problem: str) -> str:
    """A YAML problem in the words of the language shown (PyYAML's are English fragments)."""
    from cmq_wizard.i18n import get_lang

    for start, key in _PROBLEMS:
        if problem.startswith(start):
            return _msg(key)
    return problem if get_lang() == "en" and problem else _msg("yaml.problem.other")


def _tag_of(problem: str) -> str:
    start = problem.find("'")
    end = problem.find("'", start + 1)
    return problem[start + 1 : end] if 0 <= start < end else problem


def load(path: Path, *, max_bytes: int, what: str) -> Any:
    """Read and parse a YAML/JSON file, with every guard of this module."""
    return parse(read_text(path, max_bytes=max_bytes, what=what), source=str(path))


def load_plain(path: Path) -> Any:
    """Load one of the program's own, trusted data files (no line tracking, C loader)."""
    return yamlbase.load_plain(path.read_bytes())


# --- A parsed document as plain JSON-able data (for the cache: `cmq_wizard.snapshot`) ------------------


class _Uncacheable(Exception):
    """A value JSON cannot carry back exactly (a set, bytes, a tuple): the parse is not cached."""


def to_plain(value: Any) -> Any:
    """A parsed document as JSON-able lists: ["m", line, [[key, line, value]…]], ["l", line, [[line, item]…]]."""
    cls = value.__class__
    if cls is str or cls is int or cls is float or cls is bool or value is None:
        return value
    if cls is YMap:
        return ["m", value.line, [[to_plain(k), value.key_lines.get(k, 0), to_plain(v)] for k, v in value.items()]]
    if cls is YList:
        return ["l", value.line, [[line, to_plain(v)] for line, v in zip(value.item_lines, value, strict=True)]]
    from datetime import date, datetime

    if cls is datetime:
        return ["t", value.isoformat()]
    if cls is date:
        return ["d", value.isoformat()]
    raise _Uncacheable(cls.__name__)


def from_plain(value: Any) -> Any:
    """The inverse of `to_plain`; a ValueError (or KeyError, TypeError) on anything else."""
    if value.__class__ is not list:
        return value
    tag = value[0]
    if tag == "m":
        mapping = YMap()
        mapping.line = int(value[1])
        for raw_key, line, raw in value[2]:
            k = from_plain(raw_key)
            mapping[k] = from_plain(raw)
            mapping.key_lines[k] = int(line)
        return mapping
    if tag == "l":
        seq = YList()
        seq.line = int(value[1])
        for line, raw in value[2]:
            seq.append(from_plain(raw))
            seq.item_lines.append(int(line))
        return seq
    from datetime import date, datetime

    if tag == "t":
        return datetime.fromisoformat(value[1])
    if tag == "d":
        return date.fromisoformat(value[1])
    raise ValueError(f"unknown tag {tag!r}")


def line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest node of `data` that `loc` (a path of keys/indexes) reaches."""
    line = getattr(data, "line", None)
    for part in loc:
        if isinstance(data, YMap) and part in data:
            line = data.key_lines.get(part, line)
            data = data[part]
        elif isinstance(data, YList) and isinstance(part, int) and 0 <= part < len(data):
            line = data.item_lines[part]
            data = data[part]
        else:
            break
    return line


def dump(data: Any) -> str:
    """YAML text for plain data (answer files), block style, keys in the given order, UTF-8."""
    try:
        from yaml import CSafeDumper as Dumper
    except ImportError:  # pragma: no cover
        from yaml import SafeDumper as Dumper  # type: ignore[assignment]
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)


def _human(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= KB:
        return f"{size / KB:.0f} KB"
    return f"{size} B"
