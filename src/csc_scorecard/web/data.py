"""What the views ask of the store, through Project, with computed scorecards cached.

A scorecard is cached per (store file's modification time and size, period, public or not): the store changes
only by a load, which changes its mtime, so a cached card is never stale and a page costs a render.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from ..errors import ScorecardError
from ..indicators.period import parse_period
from ..project import Project
from . import config

_lock = threading.Lock()
_cards: OrderedDict = OrderedDict()
_MAX_CARDS = 24
_compute_locks: dict = {}


def project() -> Project:
    """A Project on the store, made once per state of the store and settings (it keeps the settings read)."""
    key = ("project", store_stamp())
    with _lock:
        found = _cards.get(key)
    if found is None:
        found = Project(config.store_path(), settings=config.settings_path())
        with _lock:
            _cards[key] = found
    return found


def catalogue():
    """The indicators (built-in and the LA's own), read once per state of the store and settings."""
    key = ("catalogue", store_stamp())
    with _lock:
        found = _cards.get(key)
    if found is None:
        found = project().catalogue()
        with _lock:
            _cards[key] = found
    return found


def _stamp(path: Path) -> tuple:
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def store_stamp() -> tuple:
    db, settings = config.store_path(), config.settings_path()
    return (str(db), _stamp(db), _stamp(settings) if settings else None)


def scorecard(period: str, *, public: bool):
    """The judged Scorecard for the LA and period (report/run.py), cached; raises ScorecardError."""
    key = (store_stamp(), period, public)
    with _lock:
        if key in _cards:
            _cards.move_to_end(key)
            return _cards[key]
        busy = _compute_locks.setdefault(key, threading.Lock())
    with busy:  # twenty users asking at once compute it once
        with _lock:
            if key in _cards:
                return _cards[key]
        # a part-year scorecard shows where each row is heading by 31 March (report --forecast)
        card = project().report(period, public=public, forecast=not parse_period(period).is_whole_financial_year
                                ).scorecard
        with _lock:
            _cards[key] = card
            while len(_cards) > _MAX_CARDS:
                _cards.popitem(last=False)
            _compute_locks.pop(key, None)
    return card


def clear_cache() -> None:
    with _lock:
        _cards.clear()


def periods() -> list[str]:
    """The periods worth picking, newest first: each financial year loaded for the LA and its quarters."""
    key = ("periods", store_stamp())
    with _lock:
        if key in _cards:
            return _cards[key]
    p = project()
    la = p.config.la
    years = sorted({row["collection_year"] for row in p.loads()
                    if row["status"] == "loaded" and row["collection_year"] and (not la or row["la"] == la)},
                   reverse=True)
    names: list[str] = []
    for y in years:
        fy = f"{y - 1}-{str(y)[2:]}"
        names.append(fy)
        names += [f"{fy}-Q{q}" for q in (4, 3, 2, 1)]
    with _lock:
        _cards[key] = names
    return names


def chosen_period(text: str | None) -> str:
    """The period asked for (parsed at the edge; ScorecardError with the accepted forms), else the latest year."""
    if text:
        try:
            return parse_period(text.strip()).name
        except (ValueError, ScorecardError) as exc:
            raise ScorecardError(str(exc)) from None
    known = periods()
    if not known:
        raise ScorecardError("The store holds no loaded returns yet: an analyst can upload them on the Loads page.")
    return known[0]
