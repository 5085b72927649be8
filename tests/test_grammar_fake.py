"""Stand-ins for LanguageTool in the NL6xx tests (this module holds no tests).

- :func:`serve` starts an HTTP server on 127.0.0.1 that answers ``POST /v2/check`` the
  way LanguageTool does (the documented response shape, offsets in UTF-16 code units,
  ``data`` annotations with markup), with a few rules emulated by regular expressions.
- :func:`stalled_server`, :func:`error_server` and :func:`trickling_server` are the
  failure modes: a server that accepts and never answers, one that answers HTTP 500,
  one that sends its answer one byte at a time, forever.
- Run as a script it is a fake ``java``: ``java -cp JAR
  org.languagetool.server.HTTPServer --port N`` serves :func:`serve`'s answers on port
  N (``FAKE_JAVA_MODE=exit`` exits at once with an error, ``=silent`` never listens).
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def utf16(text: str, cp: int) -> int:
    """The UTF-16 offset of code point ``cp`` (what Java's String.length() counts)."""
    return len(text[:cp].encode("utf-16-le")) // 2


#: (LanguageTool rule id, category, issue type, pattern, group, replacements, message)
RULES = [
    (
        "EN_A_VS_AN",
        "GRAMMAR",
        "grammar",
        r"\b([Aa]) (?=[aeiouAEIOU]\w)",
        1,
        lambda m: ["an" if m.group(1) == "a" else "An"],
        "Use “an” instead of ‘a’ if the following word starts with a vowel sound, "
        "e.g. ‘an article’, ‘an hour’.",
    ),
    (
        "HE_VERB_AGR",
        "GRAMMAR",
        "grammar",
        r"\b(?:minister|government|council) (have)\b",
        1,
        lambda m: ["has"],
        "The verb form ‘have’ does not seem to match the subject.",
    ),
    (
        "ENGLISH_WORD_REPEAT_RULE",
        "MISC",
        "duplication",
        r"\b(\w+) \1\b",
        0,
        lambda m: [m.group(1)],
        "Possible typo: you repeated a word.",
    ),
    (
        "UPPERCASE_SENTENCE_START",
        "CASING",
        "typographical",
        r"(?:^|(?<=[.!?]\s)|(?<=\n))([a-z]\w*)",
        1,
        lambda m: [m.group(1).capitalize()],
        "This sentence does not start with an uppercase letter.",
    ),
    (
        "MORFOLOGIK_RULE_EN_US",
        "TYPOS",
        "misspelling",
        r"\b(?:teh|goverment|recieved)\b",
        0,
        lambda m: {"teh": ["the", "tech"], "goverment": ["government"], "recieved": ["received"]}[
            m.group(0)
        ],
        "Possible spelling mistake found.",
    ),
    (
        "WHITESPACE_RULE",
        "TYPOGRAPHY",
        "whitespace",
        r"(?<=\S)(  +)(?=\S)",
        1,
        lambda m: [" "],
        "Possible typo: you repeated a whitespace",
    ),
]


def check(text: str, form: dict[str, str] | None = None) -> dict:
    """A ``/v2/check`` answer for ``text`` (the original text: prose and markup)."""
    form = form or {}
    disabled = set(filter(None, form.get("disabledRules", "").split(",")))
    disabled_cats = set(filter(None, form.get("disabledCategories", "").split(",")))
    matches = []
    for rule_id, cat, issue, pattern, group, repl, message in RULES:
        if rule_id in disabled or cat in disabled_cats:
            continue
        for m in re.finditer(pattern, text, re.M):
            s, e = m.start(group), m.end(group)
            if "\ufffc" in text[s:e] or "\n\n" in text[s:e]:
                continue
            o16, e16 = utf16(text, s), utf16(text, e)
            lo = max(0, s - 40)
            matches.append(
                {
                    "message": message,
                    "shortMessage": "",
                    "replacements": [{"value": r} for r in repl(m)],
                    "offset": o16,
                    "length": e16 - o16,
                    "context": {
                        "text": text[lo : e + 40].replace("\n", " "),
                        "offset": utf16(text, s) - utf16(text, lo),
                        "length": e16 - o16,
                    },
                    "sentence": text[lo : e + 40].strip(),
                    "type": {"typeName": "Other"},
                    "rule": {
                        "id": rule_id,
                        "description": message,
                        "issueType": issue,
                        "category": {"id": cat, "name": cat.title()},
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
    matches.sort(key=lambda m: m["offset"])
    return {
        "software": {
            "name": "LanguageTool",
            "version": "6.4",
            "buildDate": "2024-03-28 12:00:00 +0000",
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": "English (US)",
            "code": "en-US",
            "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99},
        },
        "matches": matches,
    }


def request_text(form: dict[str, str]) -> str:
    """The original text of a request: ``text``, or every part of ``data``."""
    if "data" in form:
        items = json.loads(form["data"])["annotation"]
        return "".join(a.get("text", a.get("markup", "")) for a in items)
    return form.get("text", "")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/v2/languages"):
            body = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]
            self._send(200, json.dumps(body).encode())
        elif self.path.startswith("/v2/healthcheck"):
            self._send(200, b"OK", "text/plain")
        else:
            self._send(404, b"not found", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8")))
        if not self.path.startswith("/v2/check"):
            self._send(404, b"not found", "text/plain")
            return
        if form.get("language") not in ("en-US", "en-GB", "en", "auto"):
            msg = f"Error: '{form.get('language')}' is not a language code known to LanguageTool."
            self._send(400, msg.encode(), "text/plain")
            return
        self.server.requests.append(form)
        self._send(200, json.dumps(check(request_text(form), form)).encode("utf-8"))


class FakeLanguageTool(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.requests: list[dict[str, str]] = []
        self.url = f"http://127.0.0.1:{self.server_port}"

    def start(self) -> FakeLanguageTool:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def serve() -> FakeLanguageTool:
    return FakeLanguageTool().start()


class _SocketServer:
    """A listening socket on 127.0.0.1 whose connections ``handle`` serves."""

    def __init__(self, handle) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.accepted = 0
        self.held: list[socket.socket] = []
        self._handle = handle
        self._stop = threading.Event()
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            self.held.append(conn)
            threading.Thread(target=self._handle, args=(conn, self._stop), daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        for c in self.held:
            try:
                c.close()
            except OSError:
                pass
        self.sock.close()


def _never_answer(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait()


def _answer_500(conn: socket.socket, stop: threading.Event) -> None:
    conn.settimeout(5)
    try:
        conn.recv(65536)
        body = b"Internal Server Error: java.lang.OutOfMemoryError: Java heap space"
        conn.sendall(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
        )
    except OSError:
        pass


def _trickle_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.settimeout(5)
    try:
        conn.recv(65536)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        )
        while not stop.is_set():
            conn.sendall(b" ")
            time.sleep(0.2)
    except OSError:
        pass


def _trickle_headers(conn: socket.socket, stop: threading.Event) -> None:
    conn.settimeout(5)
    try:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Padding: ")
        while not stop.is_set():
            conn.sendall(b"x")  # one endless header line
            time.sleep(0.05)
    except OSError:
        pass


def stalled_server() -> _SocketServer:
    """Accepts connections and never answers."""
    return _SocketServer(_never_answer)


def error_server() -> _SocketServer:
    """Answers every request with HTTP 500."""
    return _SocketServer(_answer_500)


def trickling_server(part: str = "body") -> _SocketServer:
    """Starts a 200 answer, then sends its body (or one header line) a byte at a time,
    forever."""
    return _SocketServer(_trickle_body if part == "body" else _trickle_headers)


def closed_port() -> str:
    """A URL on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _fake_java(argv: list[str]) -> int:
    """``java -cp JAR org.languagetool.server.HTTPServer --port N`` stand-in."""
    mode = os.environ.get("FAKE_JAVA_MODE", "serve")
    pidfile = os.environ.get("FAKE_JAVA_PIDFILE")
    if pidfile:
        with open(pidfile, "a") as fh:  # one line per start
            fh.write(f"{os.getpid()}\n")
    if mode == "exit":
        print(
            "Error: LinkageError occurred while loading main class org.languagetool.server.HTTPServer"
        )
        print("java.lang.UnsupportedClassVersionError: compiled by a more recent Java Runtime")
        return 1
    if mode == "silent":
        time.sleep(600)
        return 0
    port = int(argv[argv.index("--port") + 1])
    delay = float(os.environ.get("FAKE_JAVA_DELAY", "0.5"))
    time.sleep(delay)  # a JVM takes a while before it listens
    server = FakeLanguageTool(port)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(_fake_java(sys.argv[1:]))
