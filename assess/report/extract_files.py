"""The evidence files attached to a report PDF, written out into a directory (`assess extract --files DIR`).

An attachment counts as an evidence file only when its bytes hash to a file the embedded assessment
references, and its content is the kind the reference says; anything else attached is left alone. Each is
written under its sanitised name (prefixed with its short hash where two would share a name), never
outside DIR and never over an existing file: if any name is taken, nothing is written.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from assess.bundle import file_refs
from assess.errors import AssessError
from assess.evidence_files import check_content, download_name, sha256_of, short_hash
from assess.loading import to_model
from assess.model import Assessment, EvidenceFile
from assess.report.extract import extract_all
from assess.report.pdf import ATTACHMENT_NAME
from assess.yamlsource import parse_document


@dataclass(frozen=True)
class Extracted:
    yaml: bytes
    files: list[tuple[EvidenceFile, bytes]]  # present in the PDF, each checked
    missing: list[EvidenceFile]  # referenced, but not attached (a report made without them)


def evidence_in_report(path: Path) -> Extracted:
    found = extract_all(path, with_evidence=True)
    yaml = found[ATTACHMENT_NAME]
    assessment = to_model(Assessment, parse_document(yaml, f"{path}: {ATTACHMENT_NAME}"))
    refs = file_refs(assessment)
    by_hash = {sha256_of(data): data for name, data in found.items() if name != ATTACHMENT_NAME}
    files: list[tuple[EvidenceFile, bytes]] = []
    for digest, ref in sorted(refs.items()):
        if digest in by_hash:
            check_content(by_hash[digest], ref, f"{path}: {short_hash(digest)}")
            files.append((ref, by_hash[digest]))
    return Extracted(yaml, files, [ref for digest, ref in refs.items() if digest not in by_hash])


def file_names(files: list[tuple[EvidenceFile, bytes]]) -> list[str]:
    """A distinct, safe name for each file (case-insensitively distinct, for file systems that fold case)."""
    names: list[str] = []
    used: set[str] = set()
    for ref, _ in files:
        name = download_name(ref)
        if name.casefold() in used:
            name = f"{short_hash(ref.sha256)}-{name}"
        used.add(name.casefold())
        names.append(name)
    return names


def write_files(directory: Path, files: list[tuple[EvidenceFile, bytes]]) -> list[Path]:
    """Each file into `directory` (made if missing) under its name from `file_names`; nothing is written if
    any of those names already exists there."""
    shown = str(directory)
    if directory.exists() and not directory.is_dir():
        raise AssessError.at(shown, "is not a directory")
    names = file_names(files)
    for name in names:
        target = directory / name
        if target.exists() or target.is_symlink():
            raise AssessError.at(str(target), "already exists; nothing was written",
                                 hint="extract into an empty directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssessError.at(shown, f"cannot make the directory: {exc.strerror or exc}") from None
    written: list[Path] = []
    for name, (_, data) in zip(names, files, strict=True):
        written.append(_write_new(directory, name, data))
    return written


def _write_new(directory: Path, name: str, data: bytes) -> Path:
    """`data` as directory/name, whole or not at all, and only if the name is still free: written to a
    temporary name, then hard-linked into place (which fails, rather than replaces, if the name is taken)."""
    target = directory / name
    temporary = directory / f".{secrets.token_hex(8)}.part"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise AssessError.at(str(directory), f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise AssessError.at(str(target), "already exists (made meanwhile); it was left as it was") from None
        except OSError as exc:
            raise AssessError.at(str(target), f"cannot write: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return target
