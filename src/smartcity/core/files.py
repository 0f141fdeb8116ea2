"""Documents people attach anywhere on the platform (programme documents and evidence,
one-stop dossier files, ...): one list of accepted types,
one check of a file's first bytes against its extension (a web page renamed .pdf is
refused), and one way to send a file back: always as a download, never rendered inline.

`sniff` is pure (no Django); `download` builds the response."""

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT = None  # marker: UTF-8 text, checked for NUL bytes and markup instead of a signature

# extension -> (content type, accepted leading bytes)
TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (_ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
    "doc": ("application/msword", (_OLE,)),
    "xls": ("application/vnd.ms-excel", (_OLE,)),
    "ppt": ("application/vnd.ms-powerpoint", (_OLE,)),
    "zip": ("application/zip", (_ZIP,)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "csv": ("text/csv; charset=utf-8", TEXT),
    "txt": ("text/plain; charset=utf-8", TEXT),
}
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "doc", "xls", "ppt", "png", "jpg", "jpeg")
MAX_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 512  # how much of the file `sniff` needs

_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe")


def extension(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def looks_like_markup(head: bytes) -> bool:
    return head.lstrip().lower().startswith(_MARKUP)


def sniff(filename: str, head: bytes, size: int, max_size: int = MAX_BYTES, allowed=None) -> tuple[str | None, str | None]:
    """(content type, None) for an acceptable file, else (None, reason): "empty", "too_large",
    "type_not_allowed" (extension not in `allowed`), "content_mismatch" (bytes not of that type)."""
    if size <= 0:
        return None, "empty"
    if size > max_size:
        return None, "too_large"
    ext = extension(filename)
    if ext not in TYPES or (allowed is not None and ext not in allowed):
        return None, "type_not_allowed"
    content_type, magics = TYPES[ext]
    if magics is TEXT:
        if b"\x00" in head or looks_like_markup(head) or b"<script" in head.lower() or not _utf8(head):
            return None, "content_mismatch"
        return content_type, None
    if not any(head.startswith(m) for m in magics):
        return None, "content_mismatch"
    return content_type, None


def _utf8(head: bytes) -> bool:
    for cut in range(4):  # the sample may end inside a character
        try:
            head[: len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def content_type_of(filename: str) -> str:
    return TYPES.get(extension(filename), ("application/octet-stream",))[0]


def download(fieldfile, content_type: str = ""):
    """The stored file as an attachment download (nosniff, sandboxed); 404 when it is gone."""
    from django.http import FileResponse, Http404

    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = fieldfile.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type=content_type or content_type_of(name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
