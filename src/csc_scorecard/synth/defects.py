"""Injected data-quality problems (filled in below)."""

from __future__ import annotations

KINDS: dict[str, str] = {}


def check_names(names):
    return list(names)


def apply_cin(rng, blocks, defects):
    return blocks


def apply_903(rng, tables, defects):
    return tables, None
