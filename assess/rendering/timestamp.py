"""The time a file is made, for the metadata of every rendered document (and the entries of a
zipped one), so that two renders of the same answers with SOURCE_DATE_EPOCH set are byte-identical."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry


def build_time() -> dt.datetime:
    """When the file was made: SOURCE_DATE_EPOCH where set (reproducible builds), else now.
    Only file metadata uses it; the dates a reader sees come from the assessment."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(tz=dt.UTC).replace(tzinfo=None, microsecond=0)


def with_entry_times(archive: bytes, when: dt.datetime) -> bytes:
    """The same zip (entries in the same order, each compressed as before) with every entry dated
    `when`: the libraries that write DOCX and ODT date each entry with the clock as they write it."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            copy = zipfile.ZipInfo(entry.filename, date_time=stamp)
            copy.compress_type, copy.external_attr = entry.compress_type, entry.external_attr
            target.writestr(copy, source.read(entry))
    return out.getvalue()
