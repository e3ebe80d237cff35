"""Legacy Word .doc: converted to .docx by LibreOffice headless, then read as DOCX.

LibreOffice is an optional system dependency. Each conversion runs with its own throwaway
user profile (parallel runs sharing one profile fail silently), under a timeout, and the
output file is checked: soffice exits 0 even when it wrote nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ReadError
from ..model import Document
from .docx import read_docx

CONVERT_TIMEOUT_SECONDS = 120
MISSING_SOFFICE = (
    ".doc needs LibreOffice (soffice) to be installed: apt-get install libreoffice-writer-nogui"
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: str) -> Document:
    """Read a .doc file; raises ReadError naming the file when it cannot."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-doc-") as work:
        converted = convert_with_libreoffice(path, "docx", work)
        return read_docx(str(converted), source_path=path, fmt="doc")


def convert_with_libreoffice(path: str, target: str, out_dir: str) -> Path:
    """Convert ``path`` to ``target`` ('docx', 'pdf', 'odt' …) inside ``out_dir``."""
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(path, MISSING_SOFFICE)
    source = Path(path).resolve()
    # soffice names its output after the input; a copy with a plain name avoids odd characters
    staged = Path(out_dir) / ("input" + source.suffix.lower())
    shutil.copyfile(source, staged)
    profile = Path(out_dir) / "profile"
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(Path(out_dir) / "out"),
        str(staged),
    ]
    _run_bounded(path, cmd, env={**os.environ, "HOME": out_dir})
    target_ext = target.split(":")[0]
    produced = Path(out_dir) / "out" / f"input.{target_ext}"
    if not produced.exists() or produced.stat().st_size == 0:
        raise ReadError(
            path, "LibreOffice could not convert the file (damaged or not a Word document)"
        )
    return produced


def _run_bounded(path: str, cmd: list[str], env: dict[str, str]) -> None:
    """Run soffice in its own process group so a timeout ends its helper processes too."""
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    except OSError as e:
        raise ReadError(path, f"LibreOffice could not be started ({e})") from None
    try:
        proc.wait(timeout=CONVERT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise ReadError(
            path, f"LibreOffice conversion timed out after {CONVERT_TIMEOUT_SECONDS} s"
        ) from None
