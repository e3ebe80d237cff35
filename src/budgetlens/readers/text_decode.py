"""Turn the bytes of a text file into text, detecting the encoding instead of assuming it.

Disclosures converted to text come as UTF-8 (with or without BOM), UTF-16 (Word's "Unicode
text", sometimes without BOM) or GBK/GB18030 (Windows tools in China). Guessing wrong turns
every figure into mojibake, so the order is: a BOM, the NUL pattern of UTF-16, strict UTF-8,
strict GB18030 (a superset of GBK and GB2312), and only then a statistical guess.
"""

from __future__ import annotations

import codecs
import re

from ..errors import ReadError

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (bom, codec used to decode the rest, name reported)
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Control characters that never occur in a text document (tab, newlines, form feed allowed).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

_SAMPLE = 8192


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit on one parity, as ASCII in UTF-16 does."""
    sample = data[:_SAMPLE]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 2 and odd >= 4 * even:
        return "utf-16-le"
    if even >= 2 and even >= 4 * odd:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    """True when control characters (NUL included) make up more than 1 % of the text."""
    head = text[:200_000]
    return len(_CONTROL_RE.findall(head)) > max(2, len(head) // 100)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Raises ``ReadError`` naming ``path``."""
    if not data:
        raise ReadError(path, "zero-byte file: nothing to read")
    text: str | None = None
    encoding = ""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is None:
                raise ReadError(
                    path,
                    f"invalid {name.upper()} text: the file starts with a {name} "
                    "byte-order mark but its content does not decode",
                )
            encoding = name
            break
    if text is None and b"\x00" in data[:_SAMPLE]:
        codec = _utf16_without_bom(data)
        text = _strict(data[: len(data) - len(data) % 2], codec) if codec else None
        if text is not None and _looks_binary(text):
            text = None
        encoding = codec or ""
    if text is None:
        for codec in ("utf-8", "gb18030"):
            text = _strict(data, codec)
            if text is not None:
                encoding = codec
                break
    if text is None:
        text, encoding = _guess(data, path)
    if _looks_binary(text):
        raise ReadError(path, "binary data, not text (control bytes throughout the file)")
    return text.replace("\x00", ""), encoding


def _guess(data: bytes, path: str) -> tuple[str, str]:
    """Last resort: a statistical guess; refuse when nothing fits well."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        best = None
    else:
        best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise ReadError(
            path,
            "unknown text encoding: not UTF-8, UTF-16 or GB18030, and no other "
            "encoding fits (binary or damaged file?)",
        )
    text = _strict(data, best.encoding)
    if text is None:
        raise ReadError(path, f"undecodable text: looks like {best.encoding} but does not decode")
    return text, best.encoding


def split_lines(text: str) -> list[str]:
    """Source lines as an editor numbers them: only CRLF, LF and CR end a line.

    ``str.splitlines`` also splits on form feeds and Unicode separators, which would shift
    every line number after them.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
