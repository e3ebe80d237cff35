"""Check an Office ZIP container before any library decompresses it.

XLSX, DOCX and ODS are ZIP archives from untrusted senders. A few kilobytes can declare
gigabytes of XML (a "zip bomb"); parsing libraries would inflate it all. The central
directory states every member's sizes, so limits are enforced on those declared figures
first, and members that lie about their size are caught while reading (see ``read_member``).
"""

from __future__ import annotations

import struct
import zipfile
import zlib

from ..errors import ReadError

MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024  # all members together
MAX_MEMBER_UNCOMPRESSED = 128 * 1024 * 1024  # one XML part
MAX_RATIO = 200  # uncompressed / compressed; real Office XML stays well under 100
RATIO_APPLIES_ABOVE = 8 * 1024 * 1024  # small members may compress extremely well
MAX_MEMBERS = 10_000
_OUT_CHUNK = 1024 * 1024


# What zipfile raises on a damaged container besides BadZipFile: a member name flagged UTF-8
# that is not (UnicodeDecodeError), an unknown version or compression (NotImplementedError),
# a cut-off stream (EOFError), bad deflate data (zlib.error), bad header fields (struct.error,
# ValueError, OverflowError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    EOFError,
    zlib.error,
    UnicodeDecodeError,
    struct.error,
    ValueError,
    OverflowError,
)


def zip_problem(e: BaseException) -> str:
    """One phrase for the person about a container zipfile could not open."""
    if isinstance(e, OSError) and not isinstance(e, zipfile.BadZipFile):
        return f"cannot open file ({e.strerror or e})"
    if isinstance(e, NotImplementedError):
        return f"ZIP container uses a feature that cannot be read ({e})"
    if isinstance(e, UnicodeDecodeError):
        return "damaged ZIP container: a member name is not valid UTF-8"
    return "corrupt ZIP container (truncated or damaged Office file)"


def member_names(path: str) -> list[str]:
    """The member names of a ZIP container; ReadError naming the file when it is damaged."""
    return [info.filename for info in _infolist(path)]


def _infolist(path: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(path) as z:
            return z.infolist()
    except (*ZIP_ERRORS, OSError) as e:
        raise ReadError(path, zip_problem(e)) from None


def check_office_zip(path: str) -> None:
    """Raise ReadError when the container is damaged or declares an unsafe size."""
    infos = _infolist(path)
    if len(infos) > MAX_MEMBERS:
        raise ReadError(path, f"ZIP container has {len(infos)} members: refused as unsafe")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_MEMBER_UNCOMPRESSED:
            raise ReadError(
                path,
                f"ZIP member {info.filename} would inflate to {size // (1024 * 1024)} MB: "
                "refused as a possible zip bomb",
            )
        if size > RATIO_APPLIES_ABOVE and size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(
                path,
                f"ZIP member {info.filename} compresses {size // max(info.compress_size, 1)}:1: "
                "refused as a possible zip bomb",
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ReadError(
            path,
            f"ZIP container would inflate to {total // (1024 * 1024)} MB: refused as a possible zip bomb",
        )
    _verify_declared_sizes(path, infos)


def _verify_declared_sizes(path: str, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate each deflated member into nothing, stopping just past its declared size.

    The parsing libraries (calamine in Rust, lxml) do not all trust the central directory,
    so a member whose header understates its size must be caught here.
    """
    with open(path, "rb") as fp:
        for info in infos:
            if info.compress_type != zipfile.ZIP_DEFLATED:
                continue
            actual = _inflated_size(fp, info, info.file_size + 1)
            if actual is None:
                raise ReadError(path, f"ZIP member {info.filename} is damaged (truncated file?)")
            if actual != info.file_size:
                raise ReadError(
                    path, f"ZIP member {info.filename} does not match its declared size: refused"
                )


def _inflated_size(fp, info: zipfile.ZipInfo, cap: int) -> int | None:
    """Bytes the member inflates to (at most ``cap``); None when its data is damaged."""
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    inflater = zlib.decompressobj(-15)
    left, produced = info.compress_size, 0
    try:
        while left > 0 and produced < cap:
            chunk = fp.read(min(left, 64 * 1024))
            if not chunk:
                return None
            left -= len(chunk)
            data = inflater.decompress(chunk, min(cap - produced, _OUT_CHUNK))
            produced += len(data)
            while inflater.unconsumed_tail and produced < cap:
                data = inflater.decompress(
                    inflater.unconsumed_tail, min(cap - produced, _OUT_CHUNK)
                )
                produced += len(data)
    except zlib.error:
        return None
    return produced


def read_member(path: str, z: zipfile.ZipFile, name: str) -> bytes:
    """Read one member, never more than the limit even when its header understates it."""
    try:
        with z.open(name) as f:
            data = f.read(MAX_MEMBER_UNCOMPRESSED + 1)
    except (*ZIP_ERRORS, OSError) as e:
        raise ReadError(path, zip_problem(e)) from None
    if len(data) > MAX_MEMBER_UNCOMPRESSED:
        raise ReadError(path, f"ZIP member {name} inflates past its declared size: refused")
    return data
