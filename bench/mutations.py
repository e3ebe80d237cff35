"""Damaged copies of a file for the fuzzer, each described by a replayable recipe.

A recipe is a list of plain steps (JSON lists), so a damaged file that broke something is
kept as (seed file, recipe) and rebuilt on demand, never stored as bytes:

    ["flip", pos, mask]                 XOR one byte
    ["truncate", n]                     keep the first n bytes
    ["copy", start, length, dest]       duplicate a chunk at dest
    ["splice", pos, length, hex]        replace length bytes at pos with the given bytes
    ["digits", k, value]                the k-th run of ASCII digits becomes value
    ["member", name, [steps]]           apply steps to one ZIP member's content, re-zip

``random_recipe`` picks a mutation that fits the file (ZIP members and headers for Office
files, cross-reference damage for PDFs) and returns its steps.
"""

from __future__ import annotations

import io
import random
import re
import zipfile

# Sizes that break code trusting a number it read: zero, 32-bit edges, sheet limits, huge.
EXTREMES = ["0", "1", "255", "65535", "65536", "1048576", "16384", "99999999", "2147483647",
            "2147483648", "4294967296", "18446744073709551616", "-1", "999999999999"]

KINDS = ("flip", "truncate", "duplicate", "digits", "zip-member", "zip-header", "pdf-xref")

_DIGITS = re.compile(rb"\d+")


def apply(data: bytes, steps: list) -> bytes:
    """The bytes a recipe makes from ``data``."""
    buf = bytearray(data)
    for step in steps:
        op = step[0]
        if op == "flip":
            _, pos, mask = step
            if pos < len(buf):
                buf[pos] ^= mask
        elif op == "truncate":
            del buf[step[1]:]
        elif op == "copy":
            _, start, length, dest = step
            buf[dest:dest] = buf[start:start + length]
        elif op == "splice":
            _, pos, length, hexbytes = step
            buf[pos:pos + length] = bytes.fromhex(hexbytes)
        elif op == "digits":
            _, k, value = step
            runs = list(_DIGITS.finditer(buf))
            if runs:
                m = runs[k % len(runs)]
                buf[m.start():m.end()] = value.encode()
        elif op == "member":
            buf = bytearray(_rezip(bytes(buf), step[1], step[2]))
        else:
            raise ValueError(f"unknown mutation step {op!r}")
    return bytes(buf)


def _rezip(data: bytes, name: str, steps: list) -> bytes:
    """The ZIP with one member's content changed, every other member as it was."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == name:
                content = apply(content, steps)
            dst.writestr(info, content)
    return out.getvalue()


def is_zip(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        zipfile.ZipFile(io.BytesIO(data)).namelist()
        return True
    except Exception:
        return False


def kinds_for(data: bytes) -> list[str]:
    kinds = ["flip", "truncate", "duplicate", "digits"]
    if is_zip(data):
        kinds += ["zip-member", "zip-member", "zip-header"]
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        kinds += ["pdf-xref", "pdf-xref"]
    return kinds


def random_recipe(data: bytes, rng: random.Random, kind: str | None = None) -> tuple[str, list]:
    """(kind, steps) of one random mutation that fits ``data``."""
    kind = kind or rng.choice(kinds_for(data))
    n = len(data)
    if kind == "flip":
        count = rng.choice([1, 2, 4, 16, 64])
        return kind, [["flip", rng.randrange(n), rng.randrange(1, 256)] for _ in range(count)]
    if kind == "truncate":
        return kind, [["truncate", rng.randrange(n)]]
    if kind == "duplicate":
        start = rng.randrange(n)
        length = min(n - start, rng.choice([16, 256, 4096, 65536]))
        times = rng.choice([1, 2, 8, 32])
        dest = rng.randrange(n)
        return kind, [["copy", start, length, dest] for _ in range(times)]
    if kind == "digits":
        return kind, _digit_steps(data, rng)
    if kind == "zip-member":
        return kind, _member_steps(data, rng)
    if kind == "zip-header":
        return kind, _header_steps(data, rng)
    if kind == "pdf-xref":
        return kind, _xref_steps(data, rng)
    raise ValueError(kind)


def _digit_steps(data: bytes, rng: random.Random) -> list:
    """Extreme numbers: half the time in markup that sizes something (gridSpan, colspan,
    rowspan, a cell reference, a sheet's dimension), else in any run of digits."""
    sizing = list(_SIZE_ATTR.finditer(data)) + list(_CELL_REF.finditer(data))
    if sizing and rng.random() < 0.5:
        steps = []
        for m in rng.sample(sizing, min(len(sizing), rng.choice([1, 2, 3]))):
            start, end = m.span("number")
            steps.append(["splice", start, end - start, rng.choice(EXTREMES).encode().hex()])
            if "letters" in m.re.groupindex and rng.random() < 0.5:  # a column far right
                start, end = m.span("letters")
                steps.append(["splice", start, end - start, rng.choice([b"XFD", b"AAAA"]).hex()])
        by_start = {s[1]: s for s in steps}  # one change per place, applied back to front
        return [by_start[k] for k in sorted(by_start, reverse=True)]
    runs = len(_DIGITS.findall(data)) or 1
    return [["digits", rng.randrange(runs), rng.choice(EXTREMES)] for _ in range(rng.choice([1, 3]))]


# Numbers that say how big something is, where a reader may allocate by them.
_SIZE_ATTR = re.compile(
    rb'(?:gridSpan w:val|colspan|rowspan|w:w|numCols|/Count|/Size|/N)\s*=?\s*"?(?P<number>\d+)'
)
_CELL_REF = re.compile(rb'\b(?:r|ref|sqref)="(?P<letters>[A-Z]{1,3})(?P<number>\d+)')


def _member_steps(data: bytes, rng: random.Random) -> list:
    """Damage the content of one XML member, leaving the ZIP container sound."""
    z = zipfile.ZipFile(io.BytesIO(data))
    infos = [i for i in z.infolist() if i.filename.endswith((".xml", ".rels"))]
    # mostly where the content is (sheets, word/document.xml), sometimes any part
    content_parts = [i for i in infos if i.file_size >= max(x.file_size for x in infos) / 8]
    name = rng.choice(content_parts if rng.random() < 0.7 else infos).filename
    content = z.read(name)
    inner = rng.choice(["digits", "digits", "flip", "truncate", "duplicate"])
    if inner == "digits":
        steps = _digit_steps(content, rng)
    else:
        _, steps = random_recipe(content or b" ", rng, inner)
    return [["member", name, steps]]


# Local file header (PK\3\4) and central directory entry (PK\1\2) fields: offset, size.
_LOCAL_FIELDS = {"version": (4, 2), "flags": (6, 2), "method": (8, 2), "csize": (18, 4),
                 "usize": (22, 4), "namelen": (26, 2)}
_CENTRAL_FIELDS = {"version": (6, 2), "flags": (8, 2), "method": (10, 2), "csize": (20, 4),
                   "usize": (24, 4), "namelen": (28, 2), "offset": (42, 4)}
_HEADER_VALUES = [0, 1, 0x0800, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 14 * 10 + 8, 99, 12, 20]


def _header_steps(data: bytes, rng: random.Random) -> list:
    """Damage one field of a member's local or central header (version, flags, sizes…)."""
    central = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    local = [m.start() for m in re.finditer(rb"PK\x03\x04", data)]
    use_central = central and rng.random() < 0.6
    at = rng.choice(central if use_central else local)
    fields = _CENTRAL_FIELDS if use_central else _LOCAL_FIELDS
    field = rng.choice(sorted(fields))
    offset, size = fields[field]
    value = rng.choice(_HEADER_VALUES) & ((1 << (8 * size)) - 1)
    return [["splice", at + offset, size, value.to_bytes(size, "little").hex()]]


_XREF_TARGETS = re.compile(
    rb"startxref\s+(\d+)|(\d{10}) \d{5} [nf]|/(?:Length|Size|Prev|Count|First|N)\s+(\d+)"
    rb"|/W\s*\[\s*(\d+)|/Index\s*\[\s*(\d+)"
)


def _xref_steps(data: bytes, rng: random.Random) -> list:
    """Damage the cross-reference machinery: startxref, xref entries, stream lengths, counts."""
    matches = list(_XREF_TARGETS.finditer(data))
    if not matches:
        return [["truncate", max(0, len(data) - rng.randrange(1, 2048))]]
    steps = []
    for _ in range(rng.choice([1, 2, 5])):
        m = rng.choice(matches)
        group = next(g for g in range(1, 6) if m.group(g) is not None)
        start, end = m.span(group)
        old = m.group(group)
        if rng.random() < 0.5:
            new = rng.choice(EXTREMES).encode()
        else:
            new = str(max(0, int(old) + rng.choice([-1, 1, -17, 100, 4096]))).encode()
            new = new.rjust(len(old), b"0") if len(old) == 10 else new
        steps.append(["splice", start, end - start, new.hex()])
    by_start = {s[1]: s for s in steps}  # one change per place, applied back to front
    return [by_start[k] for k in sorted(by_start, reverse=True)]
