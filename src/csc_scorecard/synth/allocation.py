"""Who holds each synthetic child's case: teams, workers and an allocation history.

One history per child, made from its journey: an assessment team from referral to the
assessment's authorisation, a children-in-need team while the case stays open, a child
protection team for each plan, a children-in-care team for each period of care and the care
leavers team after it. Where these overlap the higher status holds the case (looked after, then
child protection, care leaver, child in need, assessment). Annex A's allocated team and worker
and the local allocation extract (docs/local-extracts.md) both come from it, so they agree.

Workers are "Worker 0301" (team 3, worker 1), never names. Teams are sized so that a worker holds
about CASELOAD children at the last year end. Drawn from its own seeded stream
(``seed:la:allocation``), so no other file changes.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import Counter
from datetime import date

from .model import LaHistory

FILE_NAME = "allocations.csv"
# kind -> (team name, number of teams, priority: lower holds the case when two overlap)
TEAMS = {
    "cla": ("Children in Care Team", 3, 0),
    "cp": ("Child Protection Team", 3, 1),
    "leaver": ("Care Leavers Team", 1, 2),
    "cin": ("Children in Need Team", 3, 3),
    "assessment": ("Assessment Team", 3, 4),
}
CASELOAD = 17  # children per worker, about the England average (DfE workforce statistics: 16-18)


class Allocations:
    def __init__(self, la: LaHistory, seed: int):
        self.la = la
        self.last = date(la.last_year, 3, 31).toordinal()
        rng = random.Random(f"{seed}:{la.code}:allocation")
        segments = {child.id: _segments(child) for child in la.children}
        held = {cid: _resolve(segs) for cid, segs in segments.items()}
        open_now = Counter(kind for spans in held.values() for s, e, kind in spans
                           if s <= self.last and (e is None or e > self.last))
        self.workers: dict[str, list[tuple[str, str]]] = {}
        number = 0
        for kind, (name, teams, _) in TEAMS.items():
            per_team = max(2, math.ceil(open_now.get(kind, 0) / teams / CASELOAD))
            staff = []
            for t in range(1, teams + 1):
                number += 1
                team = name if teams == 1 else f"{name} {t}"
                staff += [(team, f"Worker {number:02d}{w:02d}") for w in range(1, per_team + 1)]
            self.workers[kind] = staff
        # child id -> [(start, end or None, team, worker)], in order
        self.history: dict[str, list[tuple[int, int | None, str, str]]] = {}
        for cid, spans in held.items():
            self.history[cid] = [(s, e, *rng.choice(self.workers[kind])) for s, e, kind in spans]
        self._starts = {cid: [s for s, *_ in h] for cid, h in self.history.items()}

    def at(self, child_id: str, day: int) -> tuple[str, str] | None:
        """(team, worker) holding the child's case on ``day``, or None."""
        starts = self._starts.get(child_id)
        if not starts:
            return None
        i = bisect_right(starts, day) - 1
        if i < 0:
            return None
        s, e, team, worker = self.history[child_id][i]
        return (team, worker) if e is None or e > day else None

    def csv(self) -> str:
        """The local allocation extract as held at the last year end (dd/mm/yyyy; to date empty while open),
        from a year before the first collection year."""
        lines = ["la,child_id,team,worker,from_date,to_date"]
        since = date(self.la.first_year - 2, 4, 1).toordinal()  # back to a year before the first return
        for cid in sorted(self.history):
            for s, e, team, worker in self.history[cid]:
                if s > self.last or (e is not None and e <= since):
                    continue
                # the day the case moved on ends one allocation and starts the next, as case
                # management systems record it (a lookup on that day takes the later one)
                to = "" if e is None or e > self.last else _dmy(e)
                lines.append(f"{self.la.code},{cid},{team},{worker},{_dmy(s)},{to}")
        return "\n".join(lines) + "\n"


def _dmy(o: int) -> str:
    return date.fromordinal(o).strftime("%d/%m/%Y")


def _segments(child) -> list[tuple[int, int | None, str]]:
    """(start, end exclusive or None, kind) for every part of the child's journey."""
    out = []
    for ep in child.episodes:
        auths = [a.auth for a in ep.assessments if a.auth is not None]
        first_auth = min(auths) if auths else None
        assessed_until = first_auth if first_auth is not None else ep.closure
        if ep.nfa:
            assessed_until = ep.closure if ep.closure is not None else ep.referral + 1
        out.append((ep.referral, assessed_until, "assessment"))
        if first_auth is not None and not ep.nfa and (ep.closure is None or ep.closure > first_auth):
            out.append((first_auth, ep.closure, "cin"))
        out += [(p.start, p.end, "cp") for p in ep.cp_plans]
    for period in child.periods:
        out.append((period.start, period.end, "cla"))
        if period.leaver and period.end is not None:
            out.append((period.end, child.dob + int(21 * 365.25), "leaver"))
    return [(s, e, k) for s, e, k in out if e is None or e > s]


def _resolve(segments) -> list[tuple[int, int | None, str]]:
    """Non-overlapping spans: at each moment the highest-priority open segment holds the case.
    Two touching spans of the same segment are one."""
    if not segments:
        return []
    bounds = sorted({s for s, _, _ in segments} | {e for _, e, _ in segments if e is not None})
    spans: list[list] = []
    for i, b in enumerate(bounds):
        nxt = bounds[i + 1] if i + 1 < len(bounds) else None
        covering = [seg for seg in segments if seg[0] <= b and (seg[1] is None or seg[1] > b)]
        if not covering:
            continue
        seg = min(covering, key=lambda x: (TEAMS[x[2]][2], x[0]))
        if spans and spans[-1][1] == b and spans[-1][3] == seg:
            spans[-1][1] = nxt
        else:
            spans.append([b, nxt, seg[2], seg])
    return [(s, e, kind) for s, e, kind, _ in spans]
