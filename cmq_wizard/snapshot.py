"""A validated content file as plain JSON, and back without validating it again: the loader's use of the cache.

What a run of the shipped rule set spends most on is parsing YAML and, above all, pydantic building
its validators and validating. Once a file has been read and validated, its parsed document (with
line numbers) and its validated model are kept in the byte cache (`cmq_wizard.cache`) as plain
JSON, keyed by the hash of the text that was read and of the code that reads it. On a hit the model
is rebuilt field by field from its annotations with `model_construct`: no pickle, nothing that runs
code, and nothing that is not a value a fresh validation would give for the same bytes. A file
that does not parse or validate is never stored.
"""

from __future__ import annotations

import contextlib
import json
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from cmq_wizard import cache, yamlio

M = TypeVar("M", bound=BaseModel)
_CODE = ("yamlio.py", "yamlbase.py", "model.py", "loader.py", "snapshot.py", "conditions.py")
_stamp: str | None = None


class _Unsupported(Exception):
    """A value this module cannot carry back exactly: the file is simply not cached."""


def _code_stamp() -> str:
    global _stamp
    if _stamp is None:
        import pydantic

        from cmq_wizard import __version__, yamlbase

        here = Path(__file__).parent
        parts = [__version__, yamlbase.STAMP, pydantic.VERSION]
        for name in _CODE:
            with contextlib.suppress(OSError):
                info = (here / name).stat()
                parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
        _stamp = "\0".join(parts)
    return _stamp


def _parts(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _parts(typing.get_args(annotation)[0])
    return origin, typing.get_args(annotation)


def dump(annotation: Any, value: Any) -> Any:
    """`value` (of type `annotation`) as JSON-able data (`_Unsupported` for what JSON cannot carry)."""
    return _encoder(annotation)(value)


_ENCODERS: dict[int, tuple[Any, Callable[[Any], Any]]] = {}


def _once(
    made: dict[int, tuple[Any, Callable[[Any], Any]]], annotation: Any, make: Callable[[Any], Callable[[Any], Any]]
) -> Callable[[Any], Any]:
    """`make(annotation)`, made once per annotation and kept in `made` (walking the annotations
    for every value cost milliseconds on a first run)."""
    known = made.get(id(annotation))
    if known is not None and known[0] is annotation:
        return known[1]
    function = make(annotation)
    made[id(annotation)] = (annotation, function)
    return function


def _encoder(annotation: Any) -> Callable[[Any], Any]:
    """A function writing values of `annotation` as `dump` does."""
    return _once(_ENCODERS, annotation, _make_encoder)


def _make_encoder(annotation: Any) -> Callable[[Any], Any]:
    origin, args = _parts(annotation)
    if origin is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        cls = annotation
        fields = [(name, _encoder(info.annotation)) for name, info in cls.model_fields.items()]

        def model(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is not cls:  # a subclass has other fields: it would not come back the same
                raise _Unsupported(type(value))
            return {name: encode(getattr(value, name)) for name, encode in fields}

        return model
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise _Unsupported(annotation)
        return _encoder(inner[0])
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        item = _encoder(args[0])
        return lambda value: None if value is None else [item(x) for x in value]
    if origin is dict:
        encode_value = _encoder(args[1])

        def mapping(value: Any) -> Any:
            if value is None:
                return None
            if not all(isinstance(k, str) for k in value):
                raise _Unsupported("key")
            return {k: encode_value(v) for k, v in value.items()}

        return mapping
    if annotation is Any or (origin is None and annotation is object):
        return _plain
    return _scalar


def _plain(value: Any) -> Any:
    try:
        return None if value is None else yamlio.to_plain(value)
    except Exception as exc:
        raise _Unsupported(type(value)) from exc


def _scalar(value: Any) -> Any:
    if value is None or value.__class__ in (str, int, float, bool):
        return value
    raise _Unsupported(type(value))


def construct(annotation: Any, data: Any) -> Any:
    """The inverse of `dump`: models rebuilt without validation (a KeyError, TypeError or
    ValueError on data `dump` did not write)."""
    return _decoder(annotation)(data)


_DECODERS: dict[int, tuple[Any, Callable[[Any], Any]]] = {}


def _decoder(annotation: Any) -> Callable[[Any], Any]:
    """A function rebuilding values of `annotation` from `dump`'s data."""
    return _once(_DECODERS, annotation, _make_decoder)


def _make_decoder(annotation: Any) -> Callable[[Any], Any]:
    origin, args = _parts(annotation)
    if origin is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        cls = annotation
        fields = [(name, _decoder(info.annotation)) for name, info in cls.model_fields.items()]
        setattr_ = object.__setattr__

        def model(data: Any) -> Any:
            if len(data) != len(fields):
                raise ValueError("not this model")
            values = {name: decode(data[name]) for name, decode in fields}
            obj = cls.__new__(cls)  # what model_construct does, without its per-call bookkeeping
            setattr_(obj, "__dict__", values)
            setattr_(obj, "__pydantic_fields_set__", set(values))
            setattr_(obj, "__pydantic_extra__", None)
            setattr_(obj, "__pydantic_private__", None)
            return obj

        return model
    if origin in (typing.Union, types.UnionType):
        inner_decode = _decoder(next(a for a in args if a is not type(None)))
        return lambda data: None if data is None else inner_decode(data)
    if origin is list:
        item = _decoder(args[0])
        return lambda data: [item(x) for x in data]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        element = _decoder(args[0])
        return lambda data: tuple(element(x) for x in data)
    if origin is dict:
        value = _decoder(args[1])
        return lambda data: {k: value(v) for k, v in data.items()}
    if annotation is Any:
        return yamlio.from_plain
    return _same


def _same(data: Any) -> Any:
    if data.__class__ not in (str, int, float, bool) and data is not None:
        raise TypeError("not a scalar")
    return data


def get(text: str, model: type[M]) -> tuple[M, Any] | None:
    """(validated model, parsed document) of a file with this text, from the cache; None on a miss."""
    if not cache.enabled():
        return None
    stored = cache.get("file", cache.key("file", _code_stamp(), model.__name__, text))
    if stored is None:
        return None
    try:
        entry = json.loads(stored)
        return construct(model, entry["model"]), yamlio.from_plain(entry["document"])
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return None  # a damaged entry: read and validated again, and stored again


def put(text: str, model: BaseModel, document: Any) -> None:
    """Keep a file that parsed and validated."""
    if not cache.enabled():
        return
    try:
        entry = {"model": dump(type(model), model), "document": yamlio.to_plain(document)}
        payload = json.dumps(entry, separators=(",", ":")).encode("ascii")
    except (_Unsupported, ValueError, RecursionError, Exception):
        return
    cache.put("file", cache.key("file", _code_stamp(), type(model).__name__, text), payload)
