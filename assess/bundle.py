"""An assessment with its evidence files, as one zip: `assessment.yaml` and `files/<sha256>` for each file the
answers reference. Written by the workspace's export, read by its import and by `assess report BUNDLE.zip`.

A bundle comes from someone else, so reading one is bounded and strict: a capped number of entries, no name
but the two forms above (so no path can leave anywhere), every entry read through a counted stream (a zip
bomb stops at the limit, whatever its headers claim), every file's bytes hashed against its name and
checked by content as an upload would be, and every referenced file present with nothing else beside it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from assess.errors import AssessError
from assess.evidence_files import MAX_ASSESSMENT_FILE_BYTES, MAX_FILE_BYTES, check_content, sha256_of
from assess.files import size_text
from assess.loading import FrameworkLibrary
from assess.model import Assessment, EvidenceFile, Framework
from assess.yamlsource import MAX_FILE_BYTES as MAX_YAML_BYTES

ASSESSMENT_ENTRY = "assessment.yaml"
FILES_DIR = "files/"
MAX_ENTRIES = 1_001  # the YAML and up to a thousand files
MAX_BUNDLE_BYTES = MAX_YAML_BYTES + MAX_ASSESSMENT_FILE_BYTES + 16 * 1024 * 1024  # compressed, with zip overhead
_FILE_ENTRY = re.compile(r"^files/([0-9a-f]{64})$")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same content, whenever it is written


@dataclass(frozen=True)
class Bundle:
    yaml: bytes
    files: dict[str, bytes]  # sha256 -> bytes


def is_bundle(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def file_refs(assessment: Assessment) -> dict[str, EvidenceFile]:
    """Every file the answers reference, by hash (the first reference of each)."""
    found: dict[str, EvidenceFile] = {}
    for answers in assessment.answers.values():
        for answer in answers.values():
            for ref in answer.files or []:
                found.setdefault(ref.sha256, ref)
    return found


def write_bundle(yaml_text: str, files: Mapping[str, bytes]) -> bytes:
    """The zip of the YAML and these files, entries in a fixed order with fixed dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(ASSESSMENT_ENTRY, _FIXED_TIME), yaml_text.encode("utf-8"),
                         compress_type=zipfile.ZIP_DEFLATED)
        for digest in sorted(files):
            archive.writestr(zipfile.ZipInfo(FILES_DIR + digest, _FIXED_TIME), files[digest],
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def read_bundle(data: bytes, shown: str) -> Bundle:
    """The YAML and files of a bundle, each file's hash verified; AssessError (naming the entry) otherwise.
    That the files are exactly those the answers reference is checked by `check_references`, once the YAML
    has been read."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise AssessError.at(shown, f"the bundle is larger than {size_text(MAX_BUNDLE_BYTES)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise AssessError.at(shown, f"not a readable zip file ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise AssessError.at(shown, f"the bundle has more than {MAX_ENTRIES:,} entries")
        yaml_bytes: bytes | None = None
        files: dict[str, bytes] = {}
        total = 0
        for info in infos:
            where = f"{shown}: {_printable(info.filename)}"
            if info.filename == FILES_DIR:
                continue  # the directory entry some zip tools add
            match = _FILE_ENTRY.match(info.filename)
            if info.filename == ASSESSMENT_ENTRY:
                if yaml_bytes is not None:
                    raise AssessError.at(where, "the bundle holds two assessments")
                yaml_bytes = _read_entry(archive, info, MAX_YAML_BYTES, where)
                continue
            if match is None:
                raise AssessError.at(where, "unexpected entry: a bundle holds only 'assessment.yaml' and "
                                     "'files/<sha256>'")
            digest = match.group(1)
            if digest in files:
                raise AssessError.at(where, "the file appears twice")
            content = _read_entry(archive, info, MAX_FILE_BYTES, where)
            total += len(content)
            if total > MAX_ASSESSMENT_FILE_BYTES:
                raise AssessError.at(where, f"the files add up to more than {size_text(MAX_ASSESSMENT_FILE_BYTES)}")
            if sha256_of(content) != digest:
                raise AssessError.at(where, "the file's content does not match its hash (damaged or altered)")
            files[digest] = content
    if yaml_bytes is None:
        raise AssessError.at(shown, f"no '{ASSESSMENT_ENTRY}' in the bundle")
    return Bundle(yaml_bytes, files)


def check_references(assessment: Assessment, files: Mapping[str, bytes], shown: str) -> None:
    """Every file the answers reference is present and is what its reference says; nothing else is there."""
    refs = file_refs(assessment)
    for digest, ref in refs.items():
        where = f"{shown}: {FILES_DIR}{digest}"
        if digest not in files:
            raise AssessError.at(where, f"missing: the answers reference '{_printable(ref.name)}' but the bundle "
                                 "does not carry it")
        check_content(files[digest], ref, where)
    extra = sorted(set(files) - set(refs))
    if extra:
        raise AssessError.at(f"{shown}: {FILES_DIR}{extra[0]}", "no answer references this file")


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, where: str) -> bytes:
    """The entry's bytes, read at most `limit` + 1 of them whatever its header says."""
    if info.flag_bits & 0x1:
        raise AssessError.at(where, "the entry is encrypted")
    if info.file_size > limit:
        raise AssessError.at(where, f"the entry is larger than {size_text(limit)}")
    try:
        with archive.open(info) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError) as exc:
        raise AssessError.at(where, f"cannot be read ({exc})") from None
    if len(content) > limit:
        raise AssessError.at(where, f"the entry is larger than {size_text(limit)}")
    return content


def _printable(text: str) -> str:
    shown = "".join(c if c.isprintable() else "?" for c in text)
    return shown if len(shown) <= 80 else shown[:79] + "…"


def load_bundle(data: bytes, shown: str, library: FrameworkLibrary) -> tuple[Assessment, dict[str, Framework], Bundle]:
    """A bundle's assessment, validated as `assess validate` would, with its files verified against it.
    Errors in the YAML are located at `BUNDLE.zip: assessment.yaml:line:col`."""
    from assess.loading import assessment_from_document
    from assess.yamlsource import parse_document

    bundle = read_bundle(data, shown)
    assessment, frameworks = assessment_from_document(parse_document(bundle.yaml, f"{shown}: {ASSESSMENT_ENTRY}"),
                                                      library)
    check_references(assessment, bundle.files, shown)
    return assessment, frameworks, bundle
