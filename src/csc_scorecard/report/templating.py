"""The Jinja environment of the HTML outputs (scorecard, plan, committee paper).

Compiling the templates is a good part of rendering a scorecard (0.14 s of 0.17 s for the page), and
every `scorecard report` is a fresh process; so the compiled templates are kept between runs in Jinja's
own bytecode cache. Its default folder is the user's own under the temporary directory (made mode 0700;
Jinja refuses one another user owns). Jinja checks each entry against the template's source and the
Python version; the file names add Jinja's version and the environment's options, so an upgrade or a
change of options compiles afresh too. A cache that cannot be read or written (the folder cleaned away,
a full disk) only means compiling again. Templates hold no data.
"""

from __future__ import annotations

import hashlib

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape

_OPTIONS = {"autoescape": ("html", "j2"), "trim_blocks": True, "lstrip_blocks": True}


class _QuietCache(FileSystemBytecodeCache):
    """Jinja's cache, but a file it cannot read or write is no error: the template is compiled."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _cache() -> BytecodeCache | None:
    tag = hashlib.sha256(f"{jinja2.__version__} {sorted(_OPTIONS.items())}".encode()).hexdigest()[:12]
    try:
        return _QuietCache(pattern=f"__csc_scorecard_{tag}_%s.cache")
    except (OSError, RuntimeError):  # no safe folder of the user's own: compile every time
        return None


def environment(package: str) -> Environment:
    """The templates of ``package`` (its templates/ folder), HTML-escaped, blocks trimmed."""
    return Environment(loader=PackageLoader(package, "templates"),
                       autoescape=select_autoescape(list(_OPTIONS["autoescape"])),
                       trim_blocks=_OPTIONS["trim_blocks"], lstrip_blocks=_OPTIONS["lstrip_blocks"],
                       bytecode_cache=_cache())
