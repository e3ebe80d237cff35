"""Run one document's work in its own process, under time and memory limits.

A damaged file can make a native library abort the process (calamine asking for 512 GiB),
allocate without bound, or make a quadratic path run for hours: Python cannot be trusted to
stop itself there. So each document is handed to a fresh child process, forked from a parent
that has already imported the pipeline (a fork costs milliseconds, not a second of imports),
with ``RLIMIT_AS`` and ``RLIMIT_CPU`` set in the child and a wall-clock deadline kept by the
parent. Whatever happens to the child ends as an ``Outcome``: the function's value, or a
``Failure`` with one line for the person. ``imap_isolated`` keeps ``workers`` children busy
and yields outcomes as they finish; the same call serves the command line and batch work.

Only the value crosses back (pickled over a pipe), so it should be small: the command line
sends rendered text, not the document's objects. Where ``os.fork`` is missing the work runs
in this process without limits.
"""

from __future__ import annotations

import os
import pickle
import re
import selectors
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import ReadError

DEFAULT_SECONDS = 120.0  # processor time; a 1,000-page PDF needs about 14 s
DEFAULT_MEMORY_MB = 2048  # address space a document adds; a 1,000-page PDF peaks near 360 MB
# The time limit counts processor seconds (RLIMIT_CPU), so a busy machine does not cut a
# document short. A child that waits instead of computing is stopped by the parent once the
# limit has passed on the wall clock while it used under IDLE_SHARE of a processor; any
# child is stopped at WALL_FACTOR times the limit.
IDLE_SHARE = 0.05
WALL_FACTOR = 10.0
STDERR_KEEP = 8192  # bytes of a child's stderr kept to explain its end


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-document limits; 0 (or less) means no limit of that kind."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB

    @property
    def wall_seconds(self) -> float | None:
        return self.seconds * WALL_FACTOR + 1 if self.seconds > 0 else None

    def overdue(self, elapsed: float, cpu: float | None) -> bool:
        """Whether a child running for ``elapsed`` s that used ``cpu`` s is past its time."""
        if self.seconds <= 0:
            return False
        if elapsed > self.wall_seconds:
            return True
        if cpu is None:  # no way to tell waiting from computing: a plainer deadline
            return elapsed > 3 * self.seconds + 1
        return elapsed > self.seconds and cpu < IDLE_SHARE * elapsed

    def describe(self) -> str:
        t = f"{self.seconds:g} s" if self.seconds > 0 else "no time limit"
        m = f"{self.memory_mb} MB" if self.memory_mb > 0 else "no memory limit"
        return f"{t}, {m}"


def parse_memory(text: str) -> int:
    """'2048', '2048M', '1.5G' -> megabytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)[bB]?\s*", text)
    if not m:
        raise ValueError(f"not a memory size: {text!r} (write e.g. 2048, 1500M or 2G)")
    scale = {"": 1, "k": 1 / 1024, "m": 1, "g": 1024, "t": 1024 * 1024}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a document has no result. ``problem`` is one line; ``detail`` is for debugging.

    kind: ``error`` (the file cannot be read: a ReadError), ``crash`` (an unexpected Python
    exception), ``signal`` (the process died: a native abort or fault), ``timeout``,
    ``memory`` (out of memory under the limit, in Python or in a native library).
    """

    kind: str
    problem: str
    detail: str = ""


@dataclass(slots=True)
class Outcome:
    index: int
    item: Any
    value: Any = None
    failure: Failure | None = None
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the child's peak resident memory (0 when run in-process)
    stderr: str = ""  # what the child wrote to stderr (warnings), when it succeeded

    @property
    def ok(self) -> bool:
        return self.failure is None


def isolation_available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def run_isolated(func: Callable[[Any], Any], item: Any, limits: Limits | None = None) -> Outcome:
    """One call of ``func(item)`` in its own process."""
    return next(imap_isolated(func, [item], limits or Limits(), workers=1))


def imap_isolated(
    func: Callable[[Any], Any],
    items: Iterable[Any],
    limits: Limits | None = None,
    workers: int = 1,
) -> Iterator[Outcome]:
    """``func`` over ``items``, each in a fresh child process; outcomes in finishing order.

    ``workers=0`` runs everything in this process (no limits, for debugging): exceptions
    still become failures, but an abort or a hang is not contained.
    """
    limits = limits or Limits()
    if workers <= 0 or not isolation_available():
        yield from _in_process(func, items)
        return
    pending = iter(enumerate(items))
    running: dict[int, _Child] = {}
    sel = selectors.DefaultSelector()
    try:
        while True:
            while len(running) < workers:
                nxt = next(pending, None)
                if nxt is None:
                    break
                child = _Child.start(func, nxt[0], nxt[1], limits)
                running[child.pid] = child
                sel.register(child.result_fd, selectors.EVENT_READ, (child, "result"))
                sel.register(child.stderr_fd, selectors.EVENT_READ, (child, "stderr"))
            if not running:
                return
            wait = 0.5 if limits.seconds > 0 else None  # how often deadlines are looked at
            for key, _ in sel.select(timeout=wait):
                child, stream = key.data
                if not child.read(stream):
                    sel.unregister(key.fd)
                    os.close(key.fd)
            now = time.monotonic()
            for child in list(running.values()):
                if not child.killed and limits.overdue(now - child.started, child.cpu_seconds()):
                    child.kill()
                if child.done:
                    del running[child.pid]
                    if child.stderr_open:
                        sel.unregister(child.stderr_fd)
                        os.close(child.stderr_fd)
                    yield child.finish(limits)
    finally:
        for child in running.values():  # interrupted: leave no process and no pipe behind
            child.kill()
            child.reap()
        for key in list(sel.get_map().values()):
            os.close(key.fd)
        sel.close()


def _in_process(func: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Outcome]:
    for index, item in enumerate(items):
        t0 = time.monotonic()
        kind, payload = _call(func, item)
        out = Outcome(index, item, seconds=time.monotonic() - t0)
        if kind == "ok":
            out.value = payload
        else:
            out.failure = payload
        yield out


def _call(func: Callable[[Any], Any], item: Any) -> tuple[str, Any]:
    """Run ``func(item)``; every Python-level way of failing becomes a Failure."""
    try:
        return "ok", func(item)
    except ReadError as e:
        return "failed", Failure("error", one_line(e.problem))
    except MemoryError:
        return "failed", Failure("memory", "ran out of memory")
    except RecursionError as e:
        return "failed", Failure("crash", one_line(f"internal error: RecursionError: {e}"),
                                 traceback.format_exc())
    except Exception as e:
        return "failed", Failure(
            "crash", one_line(f"internal error: {type(e).__name__}: {e}"), traceback.format_exc()
        )
    except BaseException as e:  # a Rust library's panic arrives as pyo3's PanicException
        if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return "failed", Failure(
            "crash", one_line(f"a native library failed: {type(e).__name__}: {e}"),
            traceback.format_exc(),
        )


def one_line(text: str, limit: int = 400) -> str:
    """A message on one line: control characters shown, not obeyed; long text shortened."""
    text = " ".join(text.split())
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class _Child:
    pid: int
    index: int
    item: Any
    result_fd: int
    stderr_fd: int
    started: float
    result: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)
    result_open: bool = True
    stderr_open: bool = True
    killed: bool = False
    status: int | None = None
    rusage: Any = None

    @classmethod
    def start(cls, func: Callable[[Any], Any], index: int, item: Any, limits: Limits) -> _Child:
        r_res, w_res = os.pipe()
        r_err, w_err = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # a child must not write the parent's buffers
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        pid = os.fork()
        if pid == 0:  # pragma: no cover  (the child; coverage does not follow a fork)
            os.close(r_res)
            os.close(r_err)
            _child_main(func, item, limits, w_res, w_err)
        os.close(w_res)
        os.close(w_err)
        return cls(pid, index, item, r_res, r_err, time.monotonic())

    @property
    def done(self) -> bool:
        """The answer is in once the result pipe is closed; stderr may be held open by
        something the child started and left running, so its end is not waited for then."""
        if self.result_open:
            return False
        if self.stderr_open and self.status is None:
            try:
                pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid, status, rusage = self.pid, 0, None
            if pid == 0:
                return False
            self.status, self.rusage = status, rusage
        return True

    def read(self, stream: str) -> bool:
        """Take what the child wrote; False at end of stream."""
        fd = self.result_fd if stream == "result" else self.stderr_fd
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            chunk = b""
        if not chunk:
            if stream == "result":
                self.result_open = False
            else:
                self.stderr_open = False
            return False
        if stream == "result":
            self.result += chunk
        else:
            self.stderr += chunk
            if len(self.stderr) > 3 * STDERR_KEEP:  # keep the head (what went wrong) and the tail
                del self.stderr[STDERR_KEEP : len(self.stderr) - STDERR_KEEP]
        return True

    def cpu_seconds(self) -> float | None:
        """Processor time the child has used so far (Linux /proc), None where unknown."""
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            return None
        try:
            return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime
        except (IndexError, ValueError):
            return None

    def kill(self) -> None:
        self.killed = True
        for target in (lambda: os.killpg(self.pid, signal.SIGKILL),
                       lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                target()
            except OSError:
                pass

    def reap(self) -> None:
        if self.status is None:
            try:
                _, self.status, self.rusage = os.wait4(self.pid, 0)
            except ChildProcessError:
                self.status = 0

    def finish(self, limits: Limits) -> Outcome:
        self.reap()
        out = Outcome(self.index, self.item, seconds=time.monotonic() - self.started)
        if self.rusage is not None:
            out.cpu_seconds = self.rusage.ru_utime + self.rusage.ru_stime
            out.peak_rss_mb = self.rusage.ru_maxrss / 1024  # kilobytes on Linux
        stderr = bytes(self.stderr).decode("utf-8", "replace")
        payload = None
        if self.result and not self.killed:
            try:
                payload = pickle.loads(bytes(self.result))
            except Exception:  # a child killed while writing: the status says why
                payload = None
        if payload is not None:
            kind, value = payload
            if kind == "ok":
                out.value, out.stderr = value, stderr
            elif value.kind == "memory" and limits.memory_mb > 0:
                out.failure = Failure("memory", f"{value.problem} (memory limit "
                                      f"{limits.memory_mb} MB; --memory or BUDGETLENS_MEMORY)")
            else:
                out.failure = value
            return out
        out.failure = _explain_death(self.status or 0, self.killed, stderr, out, limits)
        return out


def _explain_death(status: int, killed: bool, stderr: str, out: Outcome, limits: Limits) -> Failure:
    """One line for a child that died without an answer, from how it died and what it said."""
    told = _telling_line(stderr)
    said = f": {told}" if told else ""
    if killed:
        return Failure("timeout", f"stopped: still running after {out.seconds:.0f} s, "
                       f"{out.cpu_seconds:.0f} s of it processing (time limit "
                       f"{limits.seconds:g} s; raise it with --timeout or BUDGETLENS_TIMEOUT)",
                       stderr)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = _signal_name(sig)
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and limits.seconds > 0
                                     and out.cpu_seconds >= limits.seconds):
            return Failure("timeout", f"stopped after {out.cpu_seconds:.0f} s of processing "
                           f"(time limit {limits.seconds:g} s; raise it with --timeout or "
                           "BUDGETLENS_TIMEOUT)", stderr)
        if _ALLOC_FAILED.search(stderr):
            return Failure("memory", one_line(f"a native library ran out of memory ({name}){said} "
                           f"(memory limit {limits.memory_mb} MB; --memory or BUDGETLENS_MEMORY)"),
                           stderr)
        if sig == signal.SIGKILL:
            return Failure("memory", "killed by the system (SIGKILL), most likely out of memory",
                           stderr)
        return Failure("signal", one_line(f"the reading process crashed ({name}){said}"), stderr)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
    return Failure("signal", one_line(f"the reading process ended without a result "
                                      f"(exit status {code}){said}"), stderr)


try:
    _CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
except (AttributeError, ValueError, OSError):  # pragma: no cover
    _CLOCK_TICKS = 100

_ALLOC_FAILED = re.compile(r"memory allocation of \d+ bytes failed|std::bad_alloc|out of memory",
                           re.IGNORECASE)


_TELLING = re.compile(r"memory allocation of|panicked at|Fatal Python error|error:|Error:|abort",
                      re.IGNORECASE)


def _telling_line(text: str) -> str:
    """The line of a dying process's stderr that says what happened (a Rust panic's message
    is on the line after 'panicked at'); else its first line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for i, line in enumerate(lines):
        if _TELLING.search(line):
            if line.endswith(":") and i + 1 < len(lines):
                line = f"{line} {lines[i + 1]}"
            return one_line(line, 200)
    return one_line(lines[0], 200) if lines else ""


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def _child_main(func, item, limits: Limits, w_res: int, w_err: int) -> None:  # pragma: no cover
    """The child: limits on, run, send one pickled answer, and leave without cleanup."""
    code = 0
    try:
        os.setpgid(0, 0)  # its own group, so a kill reaches anything it started
        os.dup2(w_err, 2)
        os.dup2(w_err, 1)  # what a library prints must not land in the parent's output
        os.close(w_err)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _faults_to_stderr()
        _die_with_parent()
        _apply_limits(limits)
        result = _call(func, item)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as e:
            data = pickle.dumps(("failed", Failure("crash", one_line(
                f"internal error: result cannot be sent back: {type(e).__name__}: {e}"))))
        view = memoryview(data)
        while view:
            view = view[os.write(w_res, view):]
    except BaseException:
        code = 70
        try:
            os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        except BaseException:
            pass
    finally:
        os._exit(code)


def _faults_to_stderr() -> None:  # pragma: no cover  (runs in the child)
    """A fault handler set up by the parent (pytest, ``-X faulthandler``) writes to the
    parent's stderr; point it at the child's, where its end is read and explained."""
    import faulthandler

    if faulthandler.is_enabled():
        try:
            faulthandler.enable(file=2, all_threads=True)  # fd 2: sys.stderr may be a stand-in
        except (OSError, ValueError, RuntimeError):
            pass


def _apply_limits(limits: Limits) -> None:  # pragma: no cover  (runs in the child)
    import resource

    def lower(which: int, soft: int, hard: int) -> None:
        _, current = resource.getrlimit(which)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(which, (soft, hard))

    if limits.memory_mb > 0:
        cap = _address_space() + limits.memory_mb * 1024 * 1024
        lower(resource.RLIMIT_AS, cap, cap)
    if limits.seconds > 0:
        soft = max(1, int(limits.seconds + 0.999))
        lower(resource.RLIMIT_CPU, soft, soft + 5)
    lower(resource.RLIMIT_CORE, 0, 0)  # an abort leaves no core file behind


def _address_space() -> int:  # pragma: no cover  (runs in the child)
    """Bytes of address space the child inherited from its parent at the fork (Linux /proc;
    0 where unknown). The memory limit counts what a document adds on top of it: mapped
    but untouched memory of the parent (a database engine's or Arrow's reserved arenas)
    is not the document's, and must not leave a reader too little room to map a library."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _die_with_parent() -> None:  # pragma: no cover  (runs in the child)
    """On Linux, a child whose parent is gone is killed rather than left running."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
