"""Every file the app serves is inert in a browser (ASGI middleware around Gradio's file routes).

Gradio serves files under `allowed_paths` inline with their guessed type, so an HTML or SVG
document added in the Library would run its script from the app's own origin. Here a PDF is
served as a PDF (inline: page links open the viewer), an image as itself, and anything else as
a download of type application/octet-stream; every response says `nosniff` and carries a
Content-Security-Policy that lets no script run. Chrome's PDF viewer needs inline styles and
does not render under `sandbox`, so only non-PDFs are sandboxed.
"""

from __future__ import annotations

from pathlib import PurePosixPath

FILE_ROUTES = ("/gradio_api/file=", "/gradio_api/file/", "/file=")
PDF_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: blob:; object-src 'self'"
OTHER_POLICY = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox"
IMAGE_SUFFIXES = {
    ".png": b"image/png",
    ".jpg": b"image/jpeg",
    ".jpeg": b"image/jpeg",
    ".webp": b"image/webp",
    ".gif": b"image/gif",
}
_REPLACED = (b"content-type", b"content-disposition", b"content-security-policy", b"x-content-type-options")


def served_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers that replace Gradio's for the file at `path` (a URL path, already unquoted)."""
    name = PurePosixPath(path.split("#", 1)[0]).name
    suffix = PurePosixPath(name).suffix.lower()
    safe_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name) or "file"
    if suffix == ".pdf":
        kind, disposition, policy = b"application/pdf", f'inline; filename="{safe_name}"', PDF_POLICY
    elif suffix in IMAGE_SUFFIXES:
        kind, disposition, policy = IMAGE_SUFFIXES[suffix], f'inline; filename="{safe_name}"', OTHER_POLICY
    else:
        kind, disposition, policy = b"application/octet-stream", f'attachment; filename="{safe_name}"', OTHER_POLICY
    return [
        (b"content-type", kind),
        (b"content-disposition", disposition.encode()),
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
    ]


class InertFiles:
    """ASGI middleware: rewrite the headers of Gradio's file responses (see module doc)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""  # ASGI paths are already decoded
        if not path.startswith(FILE_ROUTES):
            return await self.app(scope, receive, send)
        extra = served_headers(path)

        async def send_inert(message):
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                ranges = any(k.lower() == b"content-type" and v.startswith(b"multipart/") for k, v in headers)
                if message.get("status", 200) < 300 and not ranges:
                    headers = [(k, v) for k, v in headers if k.lower() not in _REPLACED] + extra
                else:  # an error page or a multi-range body keeps its type, and still runs nothing
                    headers = [(k, v) for k, v in headers if k.lower() not in _REPLACED[2:]] + extra[2:]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_inert)


ACTION_KEYS = ("/OpenAction", "/AA", "/JS", "/JavaScript")  # what a viewer runs by itself


def copy_without_scripts(source, target) -> None:
    """A copy of the PDF at `source` without the JavaScript and automatic actions a viewer
    would run: Chrome's PDF viewer runs a document's own script (app.alert) whatever the
    page's Content-Security-Policy says. Raises pypdf's errors on a PDF it cannot read."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    writer = PdfWriter(clone_from=PdfReader(source))
    seen: set[tuple[int, int]] = set()
    todo = [writer.root_object]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key in ACTION_KEYS:
                node.pop(key, None)
            todo.extend(node.values())
        elif isinstance(node, ArrayObject):
            todo.extend(node)
    with open(target, "wb") as out:
        writer.write(out)
