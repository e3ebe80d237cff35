"""The stored form of an Extraction, from which ``recheck`` runs the rules again.

The rules read the whole object graph (blocks, sections, tables with their cells' locations,
claims, facts); the relational tables hold what queries need, and this blob holds the rest.

A store is data that may come from elsewhere (a colleague's file, a shared server), so reading
it must not run code. The blob is compressed JSON, written and read by walking the model's own
type annotations (``model.py``, ``pipeline.Extraction``): decoding can build only the dataclasses
those annotations name, with values of the declared kinds, and refuses anything else as
damaged. JSON rather than a pickle restricted to the model's classes: a restricted unpickler
still calls constructors with whatever arguments the payload chooses and trusts an allowlist
to stay harmless as the code grows; here the payload is only ever data. Decimals are written
as their text, so a figure keeps its written precision ('1.50' stays '1.50').

Version 1 blobs (pickles, before schema version 4) are converted by the migration with
``legacy.py``, which unpickles only the model's classes.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
import zlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from ..pipeline import Extraction

CODEC_VERSION = 2
MAX_DECODED_BYTES = 1 << 28  # a blob inflating beyond this is refused, not decompressed
_MISSING = dataclasses.MISSING
_TAG = "@"  # the class name of a value whose field admits several dataclasses


class DamagedExtraction(ValueError):
    """A stored extraction that cannot be read back (another version, or not ours)."""


def encode(x: Extraction) -> bytes:
    data = _encoder(Extraction)(x)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # A lone surrogate (text a damaged file left undecodable) is kept as it was read.
    return bytes([CODEC_VERSION]) + zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def decode(blob: bytes) -> Extraction:
    if not blob or blob[0] != CODEC_VERSION:
        raise DamagedExtraction("stored extraction written by another version of budgetlens: "
                                "ingest the file again")
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(bytes(blob[1:]), MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            raise DamagedExtraction("stored extraction too large to read back")
        data = json.loads(raw.decode("utf-8", "surrogatepass"), parse_float=Decimal,
                          parse_constant=_no_constant)
        return _decoder(Extraction)(data)
    except DamagedExtraction:
        raise
    except (zlib.error, UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError,
            InvalidOperation) as e:
        raise DamagedExtraction(f"stored extraction is damaged ({type(e).__name__}): ingest "
                                "the file again") from None


def _no_constant(name: str):
    raise ValueError(f"not a number: {name}")


def model_classes() -> set[type]:
    """Every dataclass a stored extraction can hold: those its annotations reach."""
    found: set[type] = set()

    def walk(t: Any) -> None:
        if _is_dataclass(t):
            if t not in found:
                found.add(t)
                for _, annotation, _ in _fields(t):
                    walk(annotation)
        elif get_origin(t) is not Literal:
            for arg in get_args(t):
                walk(arg)

    walk(Extraction)
    return found


# ---------------------------------------------------------------------------
# One encoder and one decoder per annotated type, built once from the annotations
# ---------------------------------------------------------------------------

_SCALARS = (str, int, float, bool)


def _is_dataclass(t: Any) -> bool:
    return isinstance(t, type) and dataclasses.is_dataclass(t)


def _union_args(t: Any) -> tuple | None:
    if get_origin(t) in (Union, types.UnionType):
        return get_args(t)
    return None


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    """(name, annotation, default or MISSING) of each field of a dataclass."""
    hints = get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.default is not _MISSING:
            default = f.default
        elif f.default_factory is not _MISSING:
            default = f.default_factory()
        else:
            default = _MISSING
        out.append((f.name, hints[f.name], default))
    return tuple(out)


@cache
def _encoder(t: Any) -> Callable[[Any], Any]:
    if t is Decimal:
        return str
    if t is float:
        return _float_text
    if t in _SCALARS or t is type(None) or get_origin(t) is Literal or t is Any:
        return _same
    if _is_dataclass(t):
        return _dataclass_encoder(t)
    union = _union_args(t)
    if union is not None:
        return _union_encoder(union)
    origin, args = get_origin(t), get_args(t)
    if origin in (list, set, frozenset) or (origin is tuple and len(args) == 2
                                             and args[1] is Ellipsis):
        item = _encoder(args[0])
        if origin in (set, frozenset):
            return lambda v: sorted(item(x) for x in v)
        return lambda v: [item(x) for x in v]
    if origin is tuple:
        items = [_encoder(a) for a in args]
        return lambda v: [f(x) for f, x in zip(items, v, strict=True)]
    if origin is dict and args[0] is str:
        value = _encoder(args[1])
        return lambda v: {k: value(x) for k, x in v.items()}
    raise TypeError(f"no stored form for {t!r}")


def _same(v: Any) -> Any:
    return v


_NOT_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _float_text(v: float) -> float | str:
    """A float as a JSON number; one that JSON has no number for (a damaged PDF's NaN box)
    as its name."""
    return v if math.isfinite(v) else repr(float(v))


def _dataclass_encoder(cls: type) -> Callable[[Any], dict]:
    plan: list[tuple[str, Callable[[Any], Any] | None, Any]] = []

    def encode_fields(v: Any) -> dict:
        if not plan:  # built on first use: a class may be named before it can be encoded
            plan.extend((name, None if _encoder(t) is _same else _encoder(t), default)
                        for name, t, default in _fields(cls))
        out = {}
        for name, encode_value, default in plan:
            x = getattr(v, name)
            if default is _MISSING or x != default:  # defaults are left out
                out[name] = x if encode_value is None else encode_value(x)
        return out

    return encode_fields


def _union_encoder(options: tuple) -> Callable[[Any], Any]:
    classes = [a for a in options if _is_dataclass(a)]
    others = [a for a in options if not _is_dataclass(a) and a is not type(None)]
    if len(classes) > 1:  # Block = Paragraph | Grid | ImageBlock: say which
        def tagged(v: Any) -> Any:
            if v is None:
                return None
            return {_TAG: type(v).__name__, **_encoder(type(v))(v)}

        return tagged
    only = classes[0] if classes else (others[0] if len(others) == 1 else Any)
    encode_one = _encoder(only)
    return lambda v: None if v is None else encode_one(v)


@cache
def _decoder(t: Any) -> Callable[[Any], Any]:
    if t is Decimal:
        return _decimal
    if t is type(None):
        return _none
    if t in _SCALARS:
        return _scalar(t)
    if get_origin(t) is Literal:
        allowed = frozenset(get_args(t))
        return lambda v: v if v in allowed else _damaged(f"{v!r} is not one of {sorted(allowed)}")
    if _is_dataclass(t):
        return _dataclass_decoder(t)
    union = _union_args(t)
    if union is not None:
        return _union_decoder(union)
    origin, args = get_origin(t), get_args(t)
    if origin in (list, set, frozenset) or (origin is tuple and len(args) == 2
                                             and args[1] is Ellipsis):
        item = _decoder(args[0])
        build = {list: list, set: set, frozenset: frozenset, tuple: tuple}[origin]
        return lambda v: build(item(x) for x in _list(v))
    if origin is tuple:
        items = [_decoder(a) for a in args]

        def fixed(v: Any) -> tuple:
            v = _list(v)
            if len(v) != len(items):
                _damaged(f"{len(v)} values where {len(items)} belong")
            return tuple(f(x) for f, x in zip(items, v, strict=True))

        return fixed
    if origin is dict and args[0] is str:
        value = _decoder(args[1])
        return lambda v: {_str(k): value(x) for k, x in _dict(v).items()}
    raise TypeError(f"no stored form for {t!r}")


def _damaged(why: str) -> typing.NoReturn:
    raise ValueError(why)


def _decimal(v: Any) -> Decimal:
    if not isinstance(v, str):
        _damaged("a figure that is not written as text")
    return Decimal(v)


def _none(v: Any) -> None:
    if v is not None:
        _damaged(f"{type(v).__name__} where nothing belongs")


def _scalar(t: type) -> Callable[[Any], Any]:
    def check(v: Any) -> Any:
        if t is float and isinstance(v, (int, Decimal)) and not isinstance(v, bool):
            return float(v)
        if t is float and isinstance(v, str) and v in _NOT_FINITE:
            return _NOT_FINITE[v]
        if type(v) is not t:
            _damaged(f"{type(v).__name__} where {t.__name__} belongs")
        return v

    return check


def _str(v: Any) -> str:
    if not isinstance(v, str):
        _damaged("a key that is not text")
    return v


def _list(v: Any) -> list:
    if not isinstance(v, list):
        _damaged(f"{type(v).__name__} where a list belongs")
    return v


def _dict(v: Any) -> dict:
    if not isinstance(v, dict):
        _damaged(f"{type(v).__name__} where an object belongs")
    return v


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    plan: list[tuple[str, Callable[[Any], Any], Any]] = []
    names: set[str] = set()

    def decode_fields(v: Any) -> Any:
        if not plan:
            plan.extend((name, _decoder(t), default) for name, t, default in _fields(cls))
            names.update(name for name, _, _ in plan)
            names.add(_TAG)
        v = _dict(v)
        if not names.issuperset(v):
            _damaged(f"{cls.__name__} has no field {sorted(set(v) - names)[0]!r}")
        values = {}
        for name, decode_value, default in plan:
            if name in v:
                values[name] = decode_value(v[name])
            elif default is _MISSING:
                _damaged(f"{cls.__name__} without its {name}")
            else:
                values[name] = _fresh(default)
        return cls(**values)

    return decode_fields


def _fresh(default: Any) -> Any:
    """A default value of its own for each object (a list or dict must not be shared)."""
    if isinstance(default, (list, dict, set)):
        return type(default)()
    return default


def _union_decoder(options: tuple) -> Callable[[Any], Any]:
    classes = {a.__name__: a for a in options if _is_dataclass(a)}
    others = [a for a in options if not _is_dataclass(a) and a is not type(None)]
    optional = type(None) in options
    if len(classes) > 1:
        def tagged(v: Any) -> Any:
            if v is None and optional:
                return None
            name = _dict(v).get(_TAG)
            if name not in classes:
                _damaged(f"{name!r} is not one of {sorted(classes)}")
            return _decoder(classes[name])(v)

        return tagged
    choices = list(classes.values()) + others
    if len(choices) != 1:
        raise TypeError(f"no stored form for a union of {options!r}")
    decode_one = _decoder(choices[0])
    if not optional:
        return decode_one
    return lambda v: None if v is None else decode_one(v)
