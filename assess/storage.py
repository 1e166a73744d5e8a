"""Assessments back to YAML: whole files (the questionnaire's autosave) and the `frameworks:`
block alone (`assess pin`, which must keep a hand-written file's comments)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from assess.atomic import write_atomic
from assess.errors import AssessError
from assess.fingerprint import pin
from assess.model import Assessment, Framework
from assess.safetext import needs_quotes, yaml_visible

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter where present


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Readable output: keys in model order, multi-line text as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if needs_quotes(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def to_yaml(data: Any) -> str:
    return yaml_visible(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                                  default_flow_style=False))


def dump_assessment(assessment: Assessment) -> str:
    data = assessment.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    data = {"schema": assessment.schema_, **{k: v for k, v in data.items() if k != "schema"}}
    return to_yaml(data)


def save_assessment(path: Path, assessment: Assessment) -> None:
    write_atomic(path, dump_assessment(assessment))


def pinned_text(text: str, frameworks: Mapping[str, Framework], path: str) -> str:
    """`text` with its top-level `frameworks:` block replaced by the current versions and
    hashes of `frameworks`; everything else, comments included, is left as it was."""
    root = _top_level(text, path)
    if not any(isinstance(key, ScalarNode) and key.value == "frameworks" for key, _ in root.value):
        raise AssessError.at(path, "no top-level 'frameworks' key to pin")
    pins = {fid: pin(fw).model_dump(mode="json") for fid, fw in frameworks.items()}
    return _replace_block(text, root, "frameworks", pins)


def with_block(text: str, name: str, value: Any, path: str) -> str:
    """`text` with its top-level `name:` block replaced by `value` (added at the end where it has none);
    everything else, comments included, is left as it was."""
    return _replace_block(text, _top_level(text, path), name, value)


def _top_level(text: str, path: str) -> MappingNode:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise AssessError.at(path, f"YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(root, MappingNode):
        raise AssessError.at(path, "expected a mapping at the top level")
    return root


def _replace_block(text: str, root: MappingNode, name: str, value: Any) -> str:
    block = to_yaml({name: value}).rstrip("\n")
    for key, node in root.value:
        if isinstance(key, ScalarNode) and key.value == name:
            start, end = key.start_mark.index, _last_mark(node)
            return text[:start] + block + text[end:]
    return text.rstrip("\n") + "\n" + block + "\n"


def _last_mark(node: Node) -> int:
    """Where the node's own text ends (a block mapping's end mark would swallow what follows)."""
    if getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    if isinstance(node, MappingNode) and node.value:
        return _last_mark(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value:
        return _last_mark(node.value[-1])
    return int(node.end_mark.index)
