"""Files of the programme served with HTTP range requests (206), so that a ``<video>``
element can seek; Django's own static serving answers whole files only."""

from __future__ import annotations

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _chunks(handle, length: int):
    try:
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) of a single ``bytes=`` range; None when there is no usable range
    (answer the whole file); False when it cannot be satisfied (416)."""
    match = _RANGE.match((header or "").strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        suffix = int(last)
        if suffix == 0:
            return False
        return max(size - suffix, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return False
    return start, end


def ranged_file(request, storage, name: str, content_type: str) -> HttpResponse:
    size = storage.size(name)
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        handle = storage.open(name, "rb")
        handle.seek(start)
        length = end - start + 1
        response = StreamingHttpResponse(
            _chunks(handle, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
