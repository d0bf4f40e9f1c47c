"""Drafted points meet the stored commentary: edits, drops and added points survive a re-run.

Pure functions (no database): ``apply_edits`` takes this run's drafted
points and the current stored entries for the LA and period
(store/schema_commentary.py) and returns the points the paper prints. A
point edited by hand keeps its edited text; when the figures under it have
changed since the edit (its fingerprint differs) it is flagged for re-check
with what changed. A dropped point stays dropped unless its figures change
(then it comes back, flagged). Added points are printed under their
judgement as written.
"""

from __future__ import annotations

from ...assess.narrative import Point


def _changed(stored: str | None, fresh: str) -> bool:
    return bool(stored) and stored != fresh


def apply_edits(drafted: dict[str, list[Point]], entries: list[dict]) -> dict[str, list[Point]]:
    by_key = {e["key"]: e for e in entries if e["kind"] == "point"}
    out: dict[str, list[Point]] = {}
    for judgement, points in drafted.items():
        kept = []
        for p in points:
            e = by_key.get(p.id)
            status = (e or {}).get("status")
            if status == "edited":
                if _changed(e.get("fingerprint"), p.fingerprint):
                    p.recheck = True
                    p.note = ("The figures under this point have changed since it was edited; the draft now "
                              f"reads: {p.text}")
                p.text, p.origin = e.get("text") or p.text, "edited"
            elif status == "dropped":
                if not _changed(e.get("fingerprint"), p.fingerprint):
                    continue
                p.recheck, p.note = True, "Dropped earlier, but the figures under it have changed since."
            kept.append(p)
        out[judgement] = kept
    for e in entries:
        if e["kind"] == "point" and e.get("status") == "added" and e.get("text"):
            j = e.get("judgement") or ""
            refs = [r.strip() for r in (e.get("refs") or "").split(",") if r.strip()]
            out.setdefault(j, []).append(Point(
                id=e["key"], judgement=j, side=e.get("side") or "strength", theme="added", text=e["text"],
                refs=refs, rules={}, origin="added"))
    for points in out.values():
        points.sort(key=lambda p: p.side != "strength")  # stable: the drafted order within a side stays
    return out
