"""Canonical tables for local extracts (e.g. initial health assessments)."""

from __future__ import annotations

from .schema import Table  # noqa: F401

LOCAL_TABLES: list = []
