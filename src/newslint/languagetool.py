"""LanguageTool client for the grammar rules (NL6xx): bounded, cached, never retrying.

language-tool-python (GPL-3.0, the optional extra ``newslint[languagetool]``) gives us
its ``Match`` class, built from each match of a ``/v2/check`` response. Its network and
process management are not used: its requests have a 300 s timeout and are retried, and
a local server that never becomes ready is restarted every ~15 s for as long as the
caller waits. Here instead:

- one ``POST /v2/check`` per document (larger documents: batches of whole blocks) over
  ``http.client`` with a connect timeout, a read timeout and a hard deadline per request;
- no retries: the first failure opens a per-process circuit breaker for the backend, and
  every later document gets the same failure at once (the engine then reports one NL904
  for the whole run);
- a local installation is started once (``java -cp languagetool-server.jar
  org.languagetool.server.HTTPServer --port N``) by the process that configures the run,
  before worker processes fork, with a bounded readiness wait, and stopped at exit;
- nothing is downloaded unless ``allow-download = true``;
- results are cached in-process by request text and settings.

Offsets: LanguageTool counts in UTF-16 code units; newslint counts code points.
:class:`Utf16Offsets` converts between the two.
"""

from __future__ import annotations

import atexit
import bisect
import contextlib
import copy
import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: In a request, a non-prose span (inline code, URL, shortcode: U+FFFC in block text) is
#: sent as markup that LanguageTool reads as this one-character token, so that offsets
#: in the original and in the interpreted text coincide.
PLACEHOLDER = "\ufffc"
PLACEHOLDER_READS_AS = "0"
BLOCK_SEPARATOR = "\n\n"  # LanguageTool starts a new paragraph at a blank line
CACHE_SIZE = 512
_ENV_LOCAL = "NEWSLINT_LT_LOCAL_SERVERS"  # local servers started by the parent process
_PROBE_TEXT = "This is a test."


class BackendUnavailable(Exception):
    """LanguageTool cannot be used for this run; ``reason`` says why, for the NL904."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LTConfig:
    """The ``[languagetool]`` section (declared, with the same defaults, by
    ``newslint.checks.grammar.OPTIONS``)."""

    enabled: bool = False
    server: str = ""
    directory: str = ""
    allow_download: bool = False
    download_version: str = ""
    java: str = "java"
    language: str = "en-US"
    mother_tongue: str = ""
    preferred_variants: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    enabled_only: bool = False
    disabled_categories: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    picky: bool = False
    username: str = ""
    api_key: str = ""
    connect_timeout: float = 2.0
    read_timeout: float = 5.0
    startup_timeout: float = 10.0
    retry_after: float = 300.0
    max_request_chars: int = 20000
    root: str = "."  # the config file's directory: a relative ``directory`` starts here

    @classmethod
    def from_section(cls, section: dict[str, Any], root: str = ".") -> LTConfig:
        kwargs: dict[str, Any] = {"root": root}
        for key, value in (section or {}).items():
            attr = key.replace("-", "_")
            if attr not in cls.__dataclass_fields__:
                continue
            if isinstance(value, list):
                value = tuple(str(v) for v in value)
            kwargs[attr] = value
        return cls(**kwargs)

    def problems(self) -> list[str]:
        """Configuration mistakes (reported as configuration errors, exit code 2)."""
        out = []
        if self.server:
            parts = urllib.parse.urlsplit(self.server)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                out.append(f"'server' must be an http:// or https:// URL, not {self.server!r}")
        for name in ("connect_timeout", "read_timeout", "startup_timeout"):
            if getattr(self, name) <= 0:
                out.append(f"'{name.replace('_', '-')}' must be greater than 0")
        if self.retry_after < 0:
            out.append("'retry-after' must not be negative")
        if self.max_request_chars < 100:
            out.append("'max-request-chars' must be at least 100")
        if not self.language.strip():
            out.append("'language' must not be empty (use \"auto\" to let LanguageTool detect it)")
        return out

    @property
    def backend_key(self) -> str:
        """Identity of the backend (server URL or installation) for the circuit breaker."""
        if self.server:
            return "server:" + base_url(self.server)
        if self.directory:
            return "directory:" + str(self.install_path())
        return "download:" + (self.download_version or "default")

    def install_path(self) -> Path:
        path = Path(os.path.expanduser(self.directory))
        if not path.is_absolute():
            path = Path(self.root) / path
        return path.resolve()

    def form(self, language: str | None = None) -> dict[str, str]:
        """The ``/v2/check`` form fields these settings imply (without the text)."""
        form = {"language": language or self.language}
        pairs = (
            ("motherTongue", self.mother_tongue),
            ("preferredVariants", ",".join(self.preferred_variants)),
            ("disabledRules", ",".join(self.disabled_rules)),
            ("enabledRules", ",".join(self.enabled_rules)),
            ("disabledCategories", ",".join(self.disabled_categories)),
            ("enabledCategories", ",".join(self.enabled_categories)),
            ("username", self.username),
            ("apiKey", self.api_key),
        )
        for key, value in pairs:
            if value:
                form[key] = value
        if self.enabled_only:
            form["enabledOnly"] = "true"
        if self.picky:
            form["level"] = "picky"
        return form


def base_url(server: str) -> str:
    """``http://host:8081``, ``…/v2`` and ``…/v2/`` all become ``http://host:8081/v2/``."""
    url = server.strip().rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    return url + "/v2/"


def describe(cfg: LTConfig) -> str:
    """How the NL904 message names the backend."""
    if cfg.server:
        return f"LanguageTool server {base_url(cfg.server)[: -len('v2/')].rstrip('/')}"
    if cfg.directory:
        return f"LanguageTool in {cfg.install_path()}"
    return "LanguageTool"


# -- offsets ---------------------------------------------------------------------------------


class Utf16Offsets:
    """Converts UTF-16 code-unit offsets (LanguageTool, Java) to code-point offsets.

    Only characters outside the Basic Multilingual Plane (emoji, some CJK) differ: each
    is two UTF-16 units and one code point.
    """

    __slots__ = ("_starts", "_astral")

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 offset at which the k-th astral character starts.
        self._starts = [cp + k for k, cp in enumerate(self._astral)]

    def to_code_points(self, offset16: int, *, end: bool = False) -> int:
        """Code-point offset for ``offset16``; one that falls inside a surrogate pair
        moves to the start of the character (or past it, for an ``end`` offset)."""
        if not self._starts:
            return offset16
        k = bisect.bisect_right(self._starts, offset16 - 2)  # pairs wholly before
        if k < len(self._starts) and self._starts[k] == offset16 - 1:  # inside a pair
            return self._astral[k] + (1 if end else 0)
        return offset16 - k

    def to_utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)


# -- requests --------------------------------------------------------------------------------


@dataclass
class Batch:
    """Prose of one or more blocks, as one ``/v2/check`` request.

    ``text`` is what LanguageTool checks (blocks joined by blank lines, U+FFFC where a
    non-prose span was); ``parts`` are ``(offset in text, block)``.
    """

    text: str = ""
    parts: list[tuple[int, Any]] = field(default_factory=list)

    def add(self, block: Any) -> None:
        if self.parts:
            self.text += BLOCK_SEPARATOR
        self.parts.append((len(self.text), block))
        self.text += block.text

    def annotation(self) -> str:
        """The ``data`` field: prose as text, placeholders as markup."""
        items: list[dict[str, str]] = []
        for chunk in self.text.split(PLACEHOLDER):
            if items:
                items.append({"markup": PLACEHOLDER, "interpretAs": PLACEHOLDER_READS_AS})
            if chunk:
                items.append({"text": chunk})
        return json.dumps({"annotation": items}, ensure_ascii=False)

    def locate(self, start: int, end: int) -> tuple[Any, int, int] | None:
        """``(block, i, j)`` for code-point span ``[start, end)`` of ``text``, or None
        when the span is not inside one block (it touches a separator)."""
        k = bisect.bisect_right(self.parts, start, key=lambda p: p[0]) - 1
        if k < 0:
            return None
        offset, block = self.parts[k]
        i, j = start - offset, end - offset
        if i < 0 or j > len(block.text) or j < i:
            return None
        return block, i, j


def batches(blocks: Sequence[Any], max_chars: int) -> list[Batch]:
    """Blocks grouped into requests of at most ``max_chars`` (a longer block goes alone)."""
    out: list[Batch] = []
    current = Batch()
    for block in blocks:
        if not block.text.strip():
            continue
        if current.parts and len(current.text) + len(BLOCK_SEPARATOR) + len(block.text) > max_chars:
            out.append(current)
            current = Batch()
        current.add(block)
    if current.parts:
        out.append(current)
    return out


def _no_answer(read_timeout: float) -> BackendUnavailable:
    return BackendUnavailable(
        f"no answer within {read_timeout:g} s (server stalled or too slow; "
        "raise read-timeout for a slow server)"
    )


def http_post_json(
    url: str,
    form: dict[str, str],
    *,
    connect_timeout: float,
    read_timeout: float,
) -> Any:
    """One HTTP request, no retries; the parsed JSON body. Raises BackendUnavailable.

    The whole exchange ends within ``connect_timeout + read_timeout`` seconds, however
    slowly the server trickles its answer.
    """
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + connect_timeout + read_timeout
    conn_cls = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    conn = conn_cls(parts.hostname, parts.port, timeout=connect_timeout)
    body = urllib.parse.urlencode(form).encode("utf-8")
    try:
        try:
            conn.connect()
        except TimeoutError:
            raise BackendUnavailable(f"connection timed out after {connect_timeout:g} s") from None
        except ConnectionRefusedError:
            raise BackendUnavailable("connection refused") from None
        except socket.gaierror as exc:
            raise BackendUnavailable(
                f"cannot resolve host {parts.hostname!r} ({exc.strerror})"
            ) from None
        except OSError as exc:
            raise BackendUnavailable(f"cannot connect ({exc.strerror or exc})") from None

        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            return min(read_timeout, left)

        # Keep the socket: http.client drops conn.sock once a response says "close".
        sock = conn.sock
        # Socket timeouts bound each recv, not a server trickling bytes (http.client reads
        # the status line and headers in loops): at the deadline, shut the socket down.
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            sock.settimeout(remaining())
            headers = {
                "Accept": "application/json",
                "User-Agent": "newslint",
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            }
            conn.request("POST", parts.path or "/", body=body, headers=headers)
            sock.settimeout(remaining())
            resp = conn.getresponse()
            chunks = []
            while not resp.isclosed():  # it closes itself once the body is read
                sock.settimeout(remaining())
                chunk = resp.read1(65536)  # one recv: read() would block past the deadline
                if not chunk:
                    break
                chunks.append(chunk)
            data = b"".join(chunks)
        except TimeoutError:
            raise _no_answer(read_timeout) from None
        except (OSError, http.client.HTTPException) as exc:
            if expired.is_set():
                raise _no_answer(read_timeout) from None
            raise BackendUnavailable(f"connection failed ({type(exc).__name__}: {exc})") from None
        finally:
            watchdog.cancel()
    finally:
        conn.close()
    if expired.is_set():  # the body may have looked complete when it was cut
        raise _no_answer(read_timeout)
    if resp.status != 200:
        detail = data.decode("utf-8", "replace").strip().splitlines()
        first = detail[0][:200] if detail else ""
        raise BackendUnavailable(
            f"HTTP {resp.status} {resp.reason}" + (f": {first}" if first else "")
        )
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackendUnavailable(
            "the answer is not JSON (is this a LanguageTool server?)"
        ) from None


# -- matches ---------------------------------------------------------------------------------


@dataclass
class Hit:
    """One LanguageTool match, with its span in code points of the request text."""

    match: Any  # language_tool_python.Match
    start: int
    end: int

    @property
    def rule_id(self) -> str:
        return self.match.rule_id

    @property
    def category(self) -> str:
        return self.match.category

    @property
    def issue_type(self) -> str:
        return self.match.rule_issue_type


def _normalised(raw: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of one response match, with every field ``Match`` requires (servers
    before LanguageTool 4 omit ``issueType``, ``context`` or give plain replacements)."""
    m = copy.deepcopy(raw)
    rule = m.setdefault("rule", {})
    rule.setdefault("id", "UNKNOWN")
    rule.setdefault("issueType", "uncategorized")
    cat = rule.get("category")
    if not isinstance(cat, dict) or "id" not in cat:
        rule["category"] = {"id": "MISC", "name": "Miscellaneous"}
    m["replacements"] = [
        r if isinstance(r, dict) else {"value": str(r)} for r in m.get("replacements") or []
    ]
    m["replacements"] = [r for r in m["replacements"] if "value" in r]
    ctx = m.get("context")
    if not isinstance(ctx, dict) or "text" not in ctx or "offset" not in ctx:
        m["context"] = {"text": "", "offset": 0, "length": m.get("length", 0)}
    m.setdefault("message", "")
    m.setdefault("length", 0)
    m.setdefault("offset", 0)
    return m


def to_hits(response: Any, text: str) -> list[Hit]:
    """``language_tool_python.Match`` objects for a ``/v2/check`` response about
    ``text``, each with its span converted from UTF-16 units to code points."""
    Match = match_class()
    if not isinstance(response, dict) or not isinstance(response.get("matches"), list):
        raise BackendUnavailable(
            "the answer has no 'matches' list (is this a LanguageTool server?)"
        )
    offsets = Utf16Offsets(text)
    hits = []
    with _MATCH_LOCK:  # Match caches the last text in class attributes
        for raw in response["matches"]:
            if not isinstance(raw, dict):
                continue
            attrib = _normalised(raw)
            try:
                off16, len16 = int(attrib["offset"]), int(attrib["length"])
                match = _build_match(Match, attrib, text)
            except (TypeError, ValueError, KeyError, AttributeError):
                continue  # one malformed match is not worth the document
            start = offsets.to_code_points(off16)
            end = offsets.to_code_points(off16 + len16, end=True)
            hits.append(Hit(match, start, end))
    return hits


_MATCH_LOCK = threading.Lock()


def _build_match(match_cls: Any, attrib: dict[str, Any], text: str) -> Any:
    try:
        return match_cls(copy.deepcopy(attrib), text)
    except TypeError:  # language-tool-python before 2.8 took no text
        return match_cls(copy.deepcopy(attrib))


def match_class() -> Any:
    """``language_tool_python.Match``, or BackendUnavailable naming the missing extra."""
    try:
        from language_tool_python import Match
    except ImportError:
        raise BackendUnavailable(
            "language-tool-python is not installed (pip install 'newslint[languagetool]')"
        ) from None
    return Match


# -- local installation ----------------------------------------------------------------------


def find_server_jar(directory: Path) -> Path | None:
    """``languagetool-server.jar`` in ``directory`` or in its newest ``LanguageTool-*``
    subdirectory (the layout of the zip and of language-tool-python's downloads)."""
    for name in ("languagetool-server.jar", "languagetool.jar"):
        if (directory / name).is_file():
            return directory / name
    if directory.is_dir():
        subdirs = sorted(
            (d for d in directory.glob("LanguageTool*") if d.is_dir()),
            key=lambda d: d.name,
            reverse=True,
        )
        for d in subdirs:
            if (d / "languagetool-server.jar").is_file():
                return d / "languagetool-server.jar"
    return None


def _downloaded_install(version: str) -> Path | None:
    """An installation language-tool-python already downloaded (``LTP_PATH`` or its
    cache directory), without downloading anything."""
    base = os.environ.get("LTP_PATH") or str(Path.home() / ".cache" / "language_tool_python")
    path = Path(base)
    if not path.is_dir():
        return None
    if version:
        candidate = path / f"LanguageTool-{version}"
        return candidate if find_server_jar(candidate) else None
    return path if find_server_jar(path) else None


def _download(version: str) -> Path:
    """Let language-tool-python download LanguageTool (only with ``allow-download``)."""
    try:
        from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
    except ImportError as exc:
        raise BackendUnavailable(
            f"cannot download: language-tool-python is too old ({exc})"
        ) from None
    local = LocalLanguageTool.from_version_name(version or LTP_DOWNLOAD_VERSION)
    try:
        local.download()
        return local.get_directory_path()
    except Exception as exc:  # network, disk, Java version check
        raise BackendUnavailable(f"download failed ({type(exc).__name__}: {exc})") from None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalServer:
    """A LanguageTool HTTP server this process started from an installation."""

    url: str
    ready_by: float  # wall-clock time by which it must answer
    owner: int  # pid of the process that started it (only it stops the server)
    process: subprocess.Popen | None = None
    log: str = ""
    ready: bool = False

    def stop(self) -> None:
        if self.process is None or os.getpid() != self.owner:
            return
        proc, self.process = self.process, None
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=3)
        with contextlib.suppress(OSError):
            if self.log:
                os.unlink(self.log)

    def exit_reason(self) -> str | None:
        """Why the server process ended, if it has (known only to the process that
        started it: in a forked worker, ``poll()`` would wrongly say "exited, code 0")."""
        if self.process is None or os.getpid() != self.owner or self.process.poll() is None:
            return None
        last = ""
        with contextlib.suppress(OSError):
            lines = (
                Path(self.log).read_text(encoding="utf-8", errors="replace").strip().splitlines()
            )
            useful = [ln.strip() for ln in lines if ln.strip()]
            last = useful[-1][:200] if useful else ""
        return f"the LanguageTool server exited with code {self.process.returncode}" + (
            f": {last}" if last else ""
        )


def start_local_server(cfg: LTConfig) -> LocalServer:
    """Start ``java -cp languagetool-server.jar org.languagetool.server.HTTPServer``
    without waiting for it (readiness is awaited, bounded, by the first check)."""
    if cfg.directory:
        path = cfg.install_path()
        if not path.exists():
            raise BackendUnavailable(f"the LanguageTool directory {path} does not exist")
        jar = find_server_jar(path)
        if jar is None:
            raise BackendUnavailable(
                f"no languagetool-server.jar in {path} (unzip LanguageTool there, or set 'server')"
            )
    else:
        found = _downloaded_install(cfg.download_version)
        if found is None:
            if not cfg.allow_download:
                raise BackendUnavailable(
                    "no LanguageTool server or installation configured (set [languagetool] "
                    "server or directory; newslint downloads nothing unless allow-download = true)"
                )
            found = _download(cfg.download_version)
        jar = find_server_jar(found)
        if jar is None:
            raise BackendUnavailable(f"no languagetool-server.jar in {found}")
    java = shutil.which(cfg.java)
    if java is None:
        raise BackendUnavailable(
            f"Java was not found ({cfg.java!r} is not on PATH; LanguageTool needs Java 17 or "
            "later, or set [languagetool] java)"
        )
    port = _free_port()
    fd, log = tempfile.mkstemp(prefix="newslint-languagetool-", suffix=".log")
    cmd = [java, "-cp", str(jar), "org.languagetool.server.HTTPServer", "--port", str(port)]
    try:
        with os.fdopen(fd, "wb") as logfile:
            proc = subprocess.Popen(  # noqa: S603 - the user's Java and installation
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=logfile,
                stderr=subprocess.STDOUT,
                cwd=str(jar.parent),
            )
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(log)
        raise BackendUnavailable(f"cannot start Java ({exc.strerror or exc})") from None
    server = LocalServer(
        url=f"http://127.0.0.1:{port}/v2/",
        ready_by=time.time() + cfg.startup_timeout,
        owner=os.getpid(),
        process=proc,
        log=log,
    )
    atexit.register(server.stop)
    return server


# -- the backend -----------------------------------------------------------------------------


class Backend:
    """Checks text with one LanguageTool server; remembers failures and results."""

    def __init__(self, cfg: LTConfig) -> None:
        self.cfg = cfg
        self.lock = threading.Lock()
        self.failure: tuple[str, float] | None = None  # (reason, monotonic time)
        self.cache: OrderedDict[tuple[str, str], list[Hit]] = OrderedDict()
        self.local: LocalServer | None = None
        self.requests = 0  # how many requests went out (for tests and benchmarks)

    # circuit breaker

    def fail(self, reason: str) -> BackendUnavailable:
        self.failure = (reason, time.monotonic())
        return BackendUnavailable(reason)

    def check_breaker(self) -> None:
        if self.failure is None:
            return
        reason, when = self.failure
        if self.cfg.retry_after and time.monotonic() - when >= self.cfg.retry_after:
            self.failure = None  # long-lived processes (the language server) try again
            return
        raise BackendUnavailable(reason)

    # server

    def prepare(self) -> None:
        """Start a local server now (in the process that configures the run, before
        workers fork). Failures are remembered, not raised."""
        with self.lock:
            if self.cfg.server or self.local is not None or self.failure is not None:
                return
            with contextlib.suppress(BackendUnavailable):
                match_class()  # fail early, once, without starting Java for nothing
                self._attach_local()

    def _attach_local(self) -> None:
        inherited = _inherited_local(self.cfg.backend_key)
        if inherited is not None:
            self.local = inherited
            return
        try:
            self.local = start_local_server(self.cfg)
        except BackendUnavailable as exc:
            raise self.fail(exc.reason) from None
        _publish_local(self.cfg.backend_key, self.local)

    def url(self) -> str:
        if self.cfg.server:
            return base_url(self.cfg.server)
        if self.local is None:
            self._attach_local()
        assert self.local is not None
        if not self.local.ready:
            self._wait_ready(self.local)
        return self.local.url

    def _wait_ready(self, local: LocalServer) -> None:
        """Poll the local server with a small check (which also loads the language)
        until it answers or its startup time is over."""
        while True:
            reason = local.exit_reason()
            if reason:
                raise self.fail(reason)
            left = local.ready_by - time.time()
            if left <= 0:
                local.stop()
                raise self.fail(
                    f"the local LanguageTool server did not answer within "
                    f"{self.cfg.startup_timeout:g} s of starting (raise startup-timeout?)"
                )
            try:
                http_post_json(
                    urllib.parse.urljoin(local.url, "check"),
                    {**self.cfg.form(), "text": _PROBE_TEXT},
                    connect_timeout=min(1.0, left),
                    read_timeout=max(0.1, left),
                )
                local.ready = True
                return
            except BackendUnavailable as exc:
                if exc.reason.startswith("HTTP 4"):  # answers, but rejects the settings
                    raise self.fail(exc.reason) from None
            time.sleep(0.2)

    # checking

    def check(self, batch: Batch, form: dict[str, str]) -> list[Hit]:
        key = (json.dumps(form, sort_keys=True), batch.text)
        with self.lock:
            cached = self.cache.get(key)
            if cached is not None:
                self.cache.move_to_end(key)
                return cached
            self.check_breaker()
            try:
                match_class()
                url = urllib.parse.urljoin(self.url(), "check")
                self.requests += 1
                response = http_post_json(
                    url,
                    {**form, "data": batch.annotation()},
                    connect_timeout=self.cfg.connect_timeout,
                    read_timeout=self.cfg.read_timeout,
                )
                hits = to_hits(response, batch.text)
            except BackendUnavailable as exc:
                raise self.fail(exc.reason) from None
            self.cache[key] = hits
            if len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
            return hits


_BACKENDS: dict[tuple[str, LTConfig], Backend] = {}
_BACKENDS_LOCK = threading.Lock()


def backend_for(cfg: LTConfig) -> Backend:
    """The process-wide Backend for these settings (one breaker and cache each)."""
    key = (cfg.backend_key, cfg)
    with _BACKENDS_LOCK:
        backend = _BACKENDS.get(key)
        if backend is None:
            # Settings that differ only in rules or language share a server (and its
            # failure): reuse a started local server and a known failure.
            backend = Backend(cfg)
            for (other_key, _), other in _BACKENDS.items():
                if other_key == cfg.backend_key:
                    backend.local = backend.local or other.local
                    backend.failure = backend.failure or other.failure
            _BACKENDS[key] = backend
        return backend


def _publish_local(key: str, server: LocalServer) -> None:
    """Tell worker processes (which inherit the environment, forked or spawned) where
    the server started by this process listens."""
    try:
        table = json.loads(os.environ.get(_ENV_LOCAL) or "{}")
    except json.JSONDecodeError:
        table = {}
    table[key] = {"url": server.url, "ready_by": server.ready_by, "owner": server.owner}
    os.environ[_ENV_LOCAL] = json.dumps(table)


def _inherited_local(key: str) -> LocalServer | None:
    try:
        entry = json.loads(os.environ.get(_ENV_LOCAL) or "{}").get(key)
    except (json.JSONDecodeError, AttributeError):
        return None
    if not entry:
        return None
    owner = int(entry.get("owner", 0))
    if owner == os.getpid() or not _alive(owner):
        return None
    return LocalServer(url=entry["url"], ready_by=float(entry["ready_by"]), owner=owner)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reset() -> None:
    """Forget every backend, failure and cached result; stop local servers (tests)."""
    with _BACKENDS_LOCK:
        for backend in _BACKENDS.values():
            if backend.local is not None:
                backend.local.stop()
        _BACKENDS.clear()
    os.environ.pop(_ENV_LOCAL, None)
