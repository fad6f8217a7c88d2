"""Download an official text over HTTP, refusing anything that is not the whole PDF."""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from pathlib import Path

from indexer.errors import PolicyAlignError

MAX_BYTES = 60_000_000
TIMEOUT_SECONDS = 30


class FetchError(PolicyAlignError):
    """A download failed or brought back something other than the expected PDF."""


def download_pdf(url: str, dest: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    request = urllib.request.Request(url, headers={"User-Agent": "policy-align (offline-first policy search)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from exc
    except http.client.IncompleteRead as exc:
        raise FetchError(f"{url}: the download was cut short ({len(exc.partial)} bytes arrived)") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise FetchError(f"{url}: no answer within {timeout:.0f} s (stalled connection)") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FetchError(f"{url}: no answer within {timeout:.0f} s (stalled connection)") from exc
        raise FetchError(f"{url}: cannot connect ({reason}); offline? use `policy-align corpus add FILE`") from exc
    except (ConnectionError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: the connection failed ({type(exc).__name__}: {exc})") from exc
    if len(data) > MAX_BYTES:
        raise FetchError(f"{url}: more than {MAX_BYTES // 1_000_000} MB; not a policy document")
    if declared and declared.isdigit() and int(declared) != len(data):
        raise FetchError(f"{url}: the download was cut short ({len(data)} of {declared} bytes)")
    head = data[:1024].lstrip().lower()
    if b"%PDF-" not in data[:1024]:
        what = "an HTML page" if head.startswith((b"<!doctype", b"<html")) else "not a PDF"
        raise FetchError(
            f"{url}: the server sent {what} instead of the PDF (content type {response.headers.get_content_type()})"
        )
    if b"%%EOF" not in data[-2048:]:
        raise FetchError(f"{url}: the PDF is truncated (no end-of-file marker)")
    dest.write_bytes(data)
    return dest
