"""Importers: questionnaires and answer files written by other tools, turned into our formats."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from assess.errors import AssessError
from assess.files import read_user_file, size_text
from assess.yamlsource import MAX_FILE_BYTES, MAX_NODES

MAX_JSON_BYTES = 5 * 1024 * 1024  # answers exported by another tool: a few KiB in practice
MAX_SURVEY_BYTES = MAX_FILE_BYTES  # a survey becomes a framework, which may be no larger


def read_json(path: Path, display: str | None = None, limit: int = MAX_JSON_BYTES) -> tuple[Any, str]:
    """The parsed JSON and its text; a user error (`path:line:col`) when it is not JSON or is
    larger than `limit` bytes (checked while reading, before any parsing)."""
    shown = display or str(path)
    raw = read_user_file(path, shown, "JSON", limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].split(b"\n")
        raise AssessError.at(shown, "file is not valid UTF-8 text", len(before), len(before[-1]) + 1) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant), text
    except json.JSONDecodeError as exc:
        raise AssessError.at(shown, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _NotJson as exc:
        line, column = _constant_position(text)
        raise AssessError.at(shown, f"invalid JSON: {exc.args[0]} is not a JSON value (RFC 8259)", line, column,
                             hint="write the number, or null") from None
    except RecursionError:
        raise AssessError.at(shown, "JSON is nested too deeply") from None
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        raise AssessError.at(shown, "invalid JSON: a number has more digits than a number may have",
                             *locate_token(text, _LONG_NUMBER)) from None


_LONG_NUMBER = r"\d{4000,}"


def locate_token(text: str, pattern: str, wanted: str | None = None) -> tuple[int, int]:
    """The 1-based line and column of the first match of `pattern` (equal to `wanted`, if given)."""
    for match in re.finditer(pattern, text):
        if wanted is None or match.group(0) == wanted:
            return _line_col(text, match.start())
    return (1, 1)


def _line_col(text: str, at: int) -> tuple[int, int]:
    before = text[:at]
    return (before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1)


def check_framework_values(data: Any, shown: str) -> None:
    """Refuse, naming the survey, a conversion with more values than a framework may have,
    before the slow work of writing it out as YAML."""
    count, stack = 0, [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise AssessError.at(shown, f"the converted framework would have more than {MAX_NODES} values, "
                                        "more than a framework may have")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def check_framework_bytes(text: str, shown: str) -> None:
    """Refuse, naming the survey, a converted framework larger than a framework file may be."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise AssessError.at(shown, f"the converted framework would be larger than {size_text(MAX_FILE_BYTES)}, "
                                    "the most a framework file may be")


class _NotJson(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    """Python's json reads NaN and Infinity, which JSON does not have; they would reach a score."""
    raise _NotJson(name)


_STRING_OR_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def _constant_position(text: str) -> tuple[int, int]:
    """Where the first NaN or Infinity outside a string is (the text is otherwise valid JSON)."""
    for match in _STRING_OR_CONSTANT.finditer(text):
        if match.group(1):
            before = text[: match.start()]
            return before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
    return (1, 1)


def locate(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column where `needle` first occurs in `text`, else (1, 1)."""
    at = text.find(needle) if needle else -1
    if at < 0:
        return (1, 1)
    before = text[:at]
    line = before.count("\n") + 1
    return (line, at - (before.rfind("\n") + 1) + 1)


def framework_yaml(data: Any, header: str = "") -> str:
    """A framework's data as readable YAML: keys in the order given, multi-line text as
    literal blocks, no anchors, and expressions that start with a quote double-quoted."""
    import yaml

    from assess.safetext import needs_quotes, yaml_visible

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = '"' if needs_quotes(value) else "|" if "\n" in value else ('"' if value.startswith("'") else None)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, represent_str)
    body = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=False)
    return header + yaml_visible(body)
