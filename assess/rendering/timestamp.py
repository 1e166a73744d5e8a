"""The time a file is made, for the metadata of every rendered document."""

from __future__ import annotations

import datetime as dt
import os


def build_time() -> dt.datetime:
    """When the file was made: SOURCE_DATE_EPOCH where set (reproducible builds), else now.
    Only file metadata uses it; the dates a reader sees come from the assessment."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(tz=dt.UTC).replace(tzinfo=None, microsecond=0)
