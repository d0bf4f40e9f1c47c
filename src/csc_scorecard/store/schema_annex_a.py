"""Canonical tables for Ofsted Annex A Lists 1-11 (owned by the Annex A reader)."""

from __future__ import annotations

from .schema import Table  # noqa: F401  (circular-safe: schema defines Table before importing us)

ANNEX_A_TABLES: list = []
