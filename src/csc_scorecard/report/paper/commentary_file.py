"""The commentary file: drafted points and per-indicator commentary, to fill in and import.

`scorecard commentary export --period P` writes commentary.xlsx (and the
same as commentary.yaml) with two sheets:

* **Points**: each drafted point (id, judgement, side, refs, the draft) with
  a `do` column — keep, edit (write your text in `your text`), drop — and
  empty rows to add points of your own (`do` = add, judgement, side, refs,
  text). The hidden `fingerprint` column records the figures the draft rests
  on, so a later run can tell when an edited point needs re-checking.
* **Commentary**: one row per scorecard indicator with its figure: what is
  behind the figure, the action being taken, who wrote it and who approved
  it on the dashboard (for information: the import does not read it).

`scorecard commentary import FILE` reads either format back, checks every
row (naming the sheet, row, column and value on a problem, and storing
nothing then), and stores what changed through Project.save_commentary.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ...assess.wording import format_value
from ...errors import ScorecardError
from ..xlsx import row_height

DO = ("keep", "edit", "drop", "add")
POINT_COLUMNS = ("id", "judgement", "side", "refs", "drafted", "do", "your text", "fingerprint", "rules")
COMMENT_COLUMNS = ("indicator", "ref", "title", "figure", "rag", "behind the figure", "action being taken", "author",
                   "approved by")
ADD_ROWS = 5


def rows_for(paper, entries: list[dict]) -> tuple[list[dict], list[dict]]:
    stored = {(e["kind"], e["key"]): e for e in entries}
    points = []
    for s in paper.judgements:
        for p in s.strengths + s.weaknesses:
            if p.origin == "added":
                continue
            e = stored.get(("point", p.id)) or {}
            do = {"edited": "edit", "dropped": "drop"}.get(e.get("status") or "", "keep")
            points.append({"id": p.id, "judgement": s.id, "side": p.side, "refs": ", ".join(p.refs),
                           "drafted": p.text if p.origin == "drafted" else (p.note or p.text), "do": do,
                           "your text": e.get("text") or "" if do == "edit" else "", "fingerprint": p.fingerprint,
                           "rules": "; ".join(f"{ref}: {', '.join(ids)}" for ref, ids in p.rules.items())})
    for (kind, key), e in stored.items():
        if kind == "point" and e.get("status") == "added":
            points.append({"id": key, "judgement": e.get("judgement") or "", "side": e.get("side") or "",
                           "refs": e.get("refs") or "", "drafted": "", "do": "add", "your text": e.get("text") or "",
                           "fingerprint": "", "rules": ""})
    comments = []
    for line in paper.scorecard.lines:
        e = stored.get(("indicator", line.indicator)) or {}
        comments.append({"indicator": line.indicator, "ref": line.ref, "title": line.title,
                         "figure": format_value(line.current.value, line.unit, missing="n/a"),
                         "rag": line.rag or "", "behind the figure": e.get("behind") or "",
                         "action being taken": e.get("action") or "", "author": e.get("author") or "",
                         "approved by": e.get("approved_by") or ""})
    return points, comments


def export(paper, entries: list[dict], out_dir: str | Path) -> dict[str, Path]:
    import xlsxwriter

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    points, comments = rows_for(paper, entries)
    xlsx = out / "commentary.xlsx"
    wb = xlsxwriter.Workbook(str(xlsx))
    head = wb.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    about = wb.add_worksheet("About")
    for r, (k, v) in enumerate((("la", paper.la), ("period", paper.period), ("council", paper.la_name),
                                ("how", "Points: set 'do' to keep, edit (write 'your text'), drop, or add a point "
                                        "of your own in an empty row. Commentary: what is behind each figure and "
                                        "the action being taken. Then: scorecard commentary import THIS_FILE"))):
        about.write(r, 0, k, head)
        about.write(r, 1, v, wrap)
    about.set_column(0, 0, 12)
    about.set_column(1, 1, 80)
    about.set_paper(9)
    about.fit_to_pages(1, 0)
    for name, columns, rows, widths in (
            # widths that print one page wide on A4 landscape at about 80% (the fingerprint column is hidden)
            ("Points", POINT_COLUMNS, points, (22, 14, 9, 10, 60, 7, 50, 18, 22)),
            ("Commentary", COMMENT_COLUMNS, comments, (22, 6, 30, 8, 6, 45, 45, 12, 12))):
        ws = wb.add_worksheet(name)
        for c, col in enumerate(columns):
            ws.write(0, c, col, head)
            ws.set_column(c, c, widths[c], wrap)
        for r, row in enumerate(rows, 1):
            for c, col in enumerate(columns):
                ws.write_string(r, c, str(row.get(col) or ""), wrap)
            # Calibri 11 fits about 1.1 characters per unit of width; the hidden fingerprint takes no room
            ws.set_row(r, row_height([(str(row.get(col) or ""), widths[c] * 1.1) for c, col in enumerate(columns)
                                      if col != "fingerprint"]))
        if name == "Points":
            ws.data_validation(1, 5, len(rows) + ADD_ROWS, 5, {"validate": "list", "source": list(DO)})
            ws.set_column(7, 7, None, None, {"hidden": True})
        ws.freeze_panes(1, 0)
        # printed for a review meeting: A4 landscape, one page wide, the column names on every page
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
    wb.close()
    yml = out / "commentary.yaml"
    yml.write_text(yaml.safe_dump({"la": paper.la, "period": paper.period, "points": points,
                                   "commentary": comments}, sort_keys=False, allow_unicode=True, width=100),
                   encoding="utf-8")
    return {"commentary.xlsx": xlsx, "commentary.yaml": yml}


def _read_xlsx(path: Path) -> dict:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise ScorecardError(f"{path}: cannot be opened as a workbook ({exc}).") from None
    data: dict = {"points": [], "commentary": []}
    if "About" in wb.sheet_names:
        for row in wb.get_sheet_by_name("About").to_python():
            if len(row) > 1 and row[0] in ("la", "period"):
                data[row[0]] = str(row[1]).strip()
    for sheet, key in (("Points", "points"), ("Commentary", "commentary")):
        if sheet not in wb.sheet_names:
            raise ScorecardError(f"{path}: no sheet named {sheet}; export a fresh file with "
                                 "scorecard commentary export --period P.")
        rows = wb.get_sheet_by_name(sheet).to_python()
        header = [str(h).strip() for h in rows[0]] if rows else []
        for n, row in enumerate(rows[1:], 2):
            rec = {h: ("" if v is None else str(v).strip()) for h, v in zip(header, row)}
            if any(rec.values()):
                rec["_where"] = f"{path.name}, sheet {sheet}, row {n}"
                data[key].append(rec)
    return data


def read(path: str | Path) -> dict:
    path = Path(path)
    if not path.exists():
        raise ScorecardError(f"{path}: no such file.")
    if path.suffix.lower() in (".yaml", ".yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("points", "commentary"):
            for n, rec in enumerate(data.get(key) or [], 1):
                rec["_where"] = f"{path.name}, {key} item {n}"
        return data
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    raise ScorecardError(f"{path}: give the commentary.xlsx or commentary.yaml that "
                         "scorecard commentary export wrote.")


def entries_from(data: dict, *, child_ids: set[str] = frozenset()) -> list[dict]:
    """Store entries from a commentary file; every problem found is reported at once."""
    problems, out, added = [], [], 0

    def check_text(rec, col):
        text = str(rec.get(col) or "")
        if child_ids and any(tok in child_ids for tok in _tokens(text)):
            problems.append(f"{rec['_where']}, column '{col}': the text contains a child's ID; "
                            "commentary goes into committee papers, so write it without identifiers.")
        return text

    for rec in data.get("points") or []:
        do = (rec.get("do") or "keep").strip().lower()
        text = check_text(rec, "your text")
        if do not in DO:
            problems.append(f"{rec['_where']}, column 'do': '{rec.get('do')}' is not one of {', '.join(DO)}.")
            continue
        if do == "keep" and text:
            do = "edit"
        if do == "add":
            if not text:
                continue
            added += 1
            out.append({"kind": "point", "key": rec.get("id") or f"added/{added}", "status": "added",
                        "judgement": rec.get("judgement") or "", "side": rec.get("side") or "strength",
                        "refs": rec.get("refs") or "", "text": text})
            continue
        if not rec.get("id"):
            problems.append(f"{rec['_where']}, column 'id': empty; only a point you add (do = add) has no id.")
            continue
        status = {"keep": "drafted", "edit": "edited", "drop": "dropped"}[do]
        if status == "edited" and not text:
            problems.append(f"{rec['_where']}, column 'your text': empty, but 'do' is edit; write the text.")
            continue
        out.append({"kind": "point", "key": rec["id"], "status": status, "judgement": rec.get("judgement"),
                    "side": rec.get("side"), "refs": rec.get("refs"), "text": text if status == "edited" else "",
                    "fingerprint": rec.get("fingerprint") or ""})
    for rec in data.get("commentary") or []:
        behind, action = check_text(rec, "behind the figure"), check_text(rec, "action being taken")
        if not rec.get("indicator"):
            problems.append(f"{rec['_where']}, column 'indicator': empty.")
            continue
        if behind or action:
            out.append({"kind": "indicator", "key": rec["indicator"], "status": "comment", "behind": behind,
                        "action": action, "author": rec.get("author") or None})
    if problems:
        raise ScorecardError("the commentary file was not imported (nothing was stored):\n  " + "\n  ".join(problems))
    return out


def _tokens(text: str) -> set[str]:
    import re
    return set(re.findall(r"[A-Za-z0-9_-]{4,}", text))
