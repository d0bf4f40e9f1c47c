"""The Jinja environment of the HTML outputs (scorecard, plan, committee paper).

Compiling the templates is a good part of rendering a scorecard (0.14 s of 0.17 s for the page), and
every `scorecard report` is a fresh process; so the compiled templates are kept between runs in Jinja's
own bytecode cache. Its default folder is the user's own under the temporary directory (made mode 0700;
Jinja refuses one another user owns), and each entry is checked against the template's source and the
Python version, so a changed template or an upgrade is simply compiled again. Templates hold no data.
"""

from __future__ import annotations

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape


def _cache() -> BytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no safe folder of the user's own: compile every time
        return None


def environment(package: str) -> Environment:
    """The templates of ``package`` (its templates/ folder), HTML-escaped, blocks trimmed."""
    return Environment(loader=PackageLoader(package, "templates"), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True, bytecode_cache=_cache())
