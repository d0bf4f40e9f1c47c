"""Reading YAML files people write by hand, keeping line numbers for errors.

Settings, indicator definitions and test cases are edited by analysts, so an
error must say which file and which line. PyYAML's nodes carry marks; this
loader keeps each mapping key's and each list item's line on the container.

Files are parsed with libyaml (PyYAML's C parser, about five times faster: the catalogue's 48 files
and a national scorecard.yaml are read on every report) into the same containers; a file libyaml
rejects is parsed again by the pure-Python parser, so the error a user sees is PyYAML's own wording.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError


class LinedDict(dict):
    """A dict that knows the line (1-based) of each key and of itself."""

    line: int = 0
    lines: dict


class LinedList(list):
    line: int = 0
    lines: list


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    out = LinedDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark) from None
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f'the key "{key}" appears twice', key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    out = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date as PyYAML reads it, but an impossible one (2025-02-30) stays text for the checker to report
    with its line, instead of crashing the parse."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # SafeLoader where libyaml is missing
    pass


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


FAST_NESTING = 1000


def _nesting_bound(text: str) -> int:
    """More than the document can nest: each flow level opens a bracket and each block level takes a
    column of its line. libyaml composes nodes by C recursion, which a hostile file nested thousands
    deep overflows (a crash, not an error), so such files go to the pure-Python parser."""
    return text.count("[") + text.count("{") + max(map(len, text.splitlines()), default=0)


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file; a syntax error becomes a ConfigError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc}). Save it as UTF-8 text.") from None
    if _nesting_bound(text) < FAST_NESTING:
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506  (CSafeLoader subclass)
        except (yaml.YAMLError, RecursionError):
            pass  # the pure-Python parser below says what is wrong, in the words users and tests know
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506  (SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}" if mark else ""
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise ConfigError(f"{path}{where}: this is not valid YAML ({what}). "
                          "Check the indentation and that text with a colon is in quotes.") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: this is not valid YAML ({exc}).") from None
    except RecursionError:  # thousands of nested [ or {: no settings file is shaped so
        raise ConfigError(f"{path}: this YAML is nested too deeply to be a settings or layout file.") from None


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of a key in a LinedDict / item in a LinedList, or of the container itself."""
    if key is None:
        return getattr(container, "line", None) or None
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key)
    if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
        return lines[key]
    return getattr(container, "line", None) or None


def where(path: str | Path, container: Any = None, key: Any = None) -> str:
    """'file.yaml, line 12' for error messages."""
    line = line_of(container, key) if container is not None else None
    return f"{path}, line {line}" if line else str(path)
