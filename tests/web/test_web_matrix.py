"""Every route x every role (and signed out): the status each must get, on SQLite and PostgreSQL.

Child-level routes and exports are reachable only with a role that allows them; a manager with a team sees
only that team's children; every child-level view and export lands in the audit log an admin reads.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from .conftest import PERIOD

ROLES = ["anonymous", "viewer1", "manager-north", "manager-all", "analyst1", "admin1"]
IND = "assessments-45wd"
R, OK, NO = 302, 200, 403
# route -> expected status for each of ROLES, in order (written out, not derived from roles.py)
MATRIX = {
    "/": [R, OK, OK, OK, OK, OK],
    "/?format=json": [R, OK, OK, OK, OK, OK],
    f"/?period={PERIOD}-Q3": [R, OK, OK, OK, OK, OK],
    f"/indicator/{IND}/?period={PERIOD}": [R, OK, OK, OK, OK, OK],
    f"/indicator/{IND}/?period={PERIOD}&format=json": [R, OK, OK, OK, OK, OK],
    f"/indicator/{IND}/cases/?period={PERIOD}": [R, NO, OK, OK, OK, NO],
    f"/indicator/{IND}/cases/?period={PERIOD}&format=json": [R, NO, OK, OK, OK, NO],
    f"/indicator/{IND}/cases/?period={PERIOD}&format=csv": [R, NO, OK, OK, OK, NO],
    f"/indicator/{IND}/cases/?period={PERIOD}&format=xlsx": [R, NO, OK, OK, OK, NO],
    "/due/": [R, NO, OK, OK, OK, NO],
    "/due/?format=json": [R, NO, OK, OK, OK, NO],
    f"/paper/?period={PERIOD}": [R, OK, OK, OK, OK, OK],
    f"/paper/?period={PERIOD}&format=json": [R, OK, OK, OK, OK, OK],
    "/plan/": [R, OK, OK, OK, OK, OK],
    "/plan/?format=json": [R, OK, OK, OK, OK, OK],
    "/loads/": [R, NO, NO, NO, OK, OK],
    "/loads/?format=json": [R, NO, NO, NO, OK, OK],
    "/supply/": [R, NO, NO, NO, OK, NO],
    "/users/": [R, NO, NO, NO, NO, OK],
    "/users/?format=json": [R, NO, NO, NO, NO, OK],
    "/audit/": [R, NO, NO, NO, NO, OK],
    "/audit/?format=json": [R, NO, NO, NO, NO, OK],
    "/healthz": [OK, OK, OK, OK, OK, OK],
    "/login/": [OK, R, R, R, R, R],
    "/admin/": [R, R, R, R, R, OK],
    "/indicator/no-such-indicator/": [R, 404, 404, 404, 404, 404],
    "/oidc/authenticate/": [404, 404, 404, 404, 404, 404],  # OpenID Connect is off unless turned on
}
CHILD_LEVEL = [route for route in MATRIX if "/cases/" in route or route.startswith("/due/")]


@pytest.fixture(scope="module")
def clients(server):
    return {role: server.client(None if role == "anonymous" else role) for role in ROLES}


def test_every_route_for_every_role(clients):
    wrong = []
    for route, expected in MATRIX.items():
        for role, want in zip(ROLES, expected):
            got = clients[role].get(route)
            if got.status != want:
                wrong.append(f"{route} as {role}: {got.status}, expected {want}")
            if role == "anonymous" and want == R and route != "/admin/":
                assert got.location.startswith("/login/?next="), (route, got.location)
    assert not wrong, "\n".join(wrong)


def test_no_child_level_content_without_the_role(clients):
    """The refused replies carry no case rows: no child ID of the analyst's list appears in them."""
    ids = {r["child_id"] for r in clients["analyst1"].get(
        f"/indicator/{IND}/cases/?period={PERIOD}&format=json").json()["rows"]}
    assert len(ids) > 20
    for role in ("anonymous", "viewer1", "admin1"):
        for route in CHILD_LEVEL:
            body = clients[role].get(route).text
            assert not any(i in body for i in ids), (role, route)
    # while the aggregate page is there for the viewer, without the link to the cases
    page = clients["viewer1"].get(f"/indicator/{IND}/?period={PERIOD}").text
    assert "Assessments completed within 45 working days" in page and "/cases/" not in page


def test_post_routes_refused_without_the_role(clients):
    for role in ("viewer1", "manager-north", "admin1"):  # only an analyst uploads
        reply = clients[role].post("/loads/", {}, token_from="/", files={"files": ("x.csv", b"a,b\n")})
        assert reply.status == 403, role
    for role in ("viewer1", "manager-north", "analyst1"):  # only an admin adds users
        reply = clients[role].post("/users/", {"username": "sneaky", "password": "x" * 12, "role": "admin"},
                                   token_from="/")
        assert reply.status == 403, role
    assert clients["viewer1"].post(f"/indicator/{IND}/commentary/?period={PERIOD}", {"text": "no"},
                                   token_from="/").status == 403
    users = {u["username"] for u in clients["admin1"].get("/users/?format=json").json()["users"]}
    assert "sneaky" not in users


def test_viewer_sees_the_public_version(clients):
    viewer = clients["viewer1"].get(f"/?period={PERIOD}&format=json").json()
    analyst = clients["analyst1"].get(f"/?period={PERIOD}&format=json").json()
    assert viewer["scorecard"]["public"] is True and analyst["scorecard"]["public"] is False
    ind = clients["viewer1"].get(f"/indicator/{IND}/?period={PERIOD}&format=json").json()
    assert all(t["numerator"] is None and t["denominator"] is None for t in ind["trend"])
    full = clients["analyst1"].get(f"/indicator/{IND}/?period={PERIOD}&format=json").json()
    assert full["trend"][-1]["denominator"] > 0
    # breakdowns for full figures only: each grouping's groups add up to the figure
    assert not ind["breakdowns"]
    assert [b["by"] for b in full["breakdowns"]] == ["team", "age", "sex", "ethnicity"]
    for b in full["breakdowns"]:
        assert sum(r["denominator"] for r in b["rows"]) == full["trend"][-1]["denominator"], b["by"]
        assert sum(r["numerator"] for r in b["rows"]) == full["trend"][-1]["numerator"], b["by"]


def test_manager_with_a_team_sees_nobody_where_the_list_has_no_team(clients):
    got = clients["manager-north"].get(f"/indicator/{IND}/cases/?period={PERIOD}&format=json").json()
    if "team" in got["columns"]:
        assert {r["team"] for r in got["rows"]} <= {"North"}
    else:
        assert got["rows"] == [] and "limited to team North" in got["note"]


def test_every_child_level_view_and_export_is_audited(clients, server):
    before = clients["admin1"].get("/audit/?format=json").json()["total"]
    listed = clients["manager-all"].get(f"/indicator/{IND}/cases/?period={PERIOD}&format=json").json()
    clients["manager-all"].get(f"/indicator/{IND}/cases/?period={PERIOD}&format=xlsx")
    clients["viewer1"].get(f"/indicator/{IND}/cases/?period={PERIOD}")  # refused: not audited as a view
    log = clients["admin1"].get("/audit/?format=json").json()
    assert log["total"] == before + 2
    export, view = log["entries"][0], log["entries"][1]
    children = len({r["child_id"] for r in listed["rows"]})
    assert view | {"at": None} == {
        "at": None, "username": "manager-all", "role": "manager", "team": "", "page": "cases",
        "path": f"/indicator/{IND}/cases/", "indicator": IND, "period": PERIOD, "children": children,
        "rows": len(listed["rows"]), "file": ""}
    assert export["file"] == f"cases-{IND}-{PERIOD}.xlsx" and export["children"] == children
    assert "manager-all" in clients["admin1"].get("/audit/").text


def test_audit_log_cannot_be_edited_in_the_admin(clients):
    admin = clients["admin1"]
    assert admin.get("/admin/scorecard_web/auditentry/").status == 200
    assert admin.get("/admin/scorecard_web/auditentry/add/").status == 403
    assert admin.get("/admin/scorecard_web/auditentry/1/delete/").status in (403, 302)


def test_commentary_sign_off(clients):
    path = f"/indicator/{IND}/commentary/?period={PERIOD}"
    page = f"/indicator/{IND}/?period={PERIOD}"
    manager, admin, viewer = clients["manager-all"], clients["admin1"], clients["viewer1"]
    assert manager.post(path, {"text": "Timeliness fell in the autumn.", "action": "save"},
                        token_from=page).status == 302
    assert manager.get(page + "&format=json").json()["commentary"]["status"] == "draft"
    assert viewer.get(page + "&format=json").json()["commentary"] is None  # drafts are not public
    assert manager.post(path, {"action": "approve"}, token_from=page).status == 403
    assert admin.post(path, {"action": "approve"}, token_from=page).status == 302
    approved = viewer.get(page + "&format=json").json()["commentary"]
    assert approved["status"] == "approved" and approved["approved_by"] == "admin1"
    paper = viewer.get(f"/paper/?period={PERIOD}&format=json").json()
    shown = [c for j in paper["judgements"] for c in j["commentary"] if c["indicator"] == IND]
    assert shown and all(c["status"] == "approved" and c["text"] == "Timeliness fell in the autumn." for c in shown)
    # an edit makes it a draft again
    manager.post(path, {"text": "Timeliness fell in the autumn; recovering.", "action": "save"}, token_from=page)
    assert viewer.get(page + "&format=json").json()["commentary"] is None


def test_sign_in_needs_the_csrf_token(server):
    c = server.client()
    c.get("/login/")
    assert c.post("/login/", {"username": "admin1", "password": "web-test-password-7"}).status == 403


def test_failed_sign_ins_lock_the_account(server):
    server.client("admin1").add_user("lockme", "viewer")
    c = server.client()
    for _ in range(4):
        assert c.post("/login/", {"username": "lockme", "password": "wrong-password"},
                      token_from="/login/").status == 200
    assert c.post("/login/", {"username": "lockme", "password": "wrong-password"}, token_from="/login/").status == 429
    locked = c.post("/login/", {"username": "lockme", "password": "web-test-password-7"}, token_from="/login/")
    assert locked.status == 429 and "locked" in locked.text.lower()


def test_security_headers_and_cookies(server):
    c = server.client()
    reply = c.post("/login/", {"username": "analyst1", "password": "web-test-password-7"}, token_from="/login/")
    cookie = [v for k, v in reply.headers.items() if k.lower() == "set-cookie" and v.startswith("sessionid")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # plain HTTP on loopback
    page = c.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page.text and "<style" not in page.text and " style=" not in page.text
    assert page.headers["X-Frame-Options"] == "DENY"
    assert c.get(f"/indicator/{IND}/cases/?period={PERIOD}").headers["Cache-Control"] == "no-store"


def test_disabled_user_cannot_sign_in(server):
    admin = server.client("admin1")
    admin.add_user("leaver", "analyst")
    assert admin.post("/users/", {"action": "disable", "username": "leaver"}, token_from="/users/").status == 302
    c = server.client()
    assert c.post("/login/", {"username": "leaver", "password": "web-test-password-7"},
                  token_from="/login/").status == 200  # the form again, not signed in
    assert c.get("/").status == 302


def test_a_bad_period_says_what_to_write(clients):
    reply = clients["viewer1"].get("/?period=2024-99&format=json")
    assert reply.status == 200 and reply.json()["status"] == "not available"
    assert "2024-25" in reply.json()["reason"]


def test_plan_viewed_by_all_and_edited_by_analysts(clients):
    plan = clients["viewer1"].get("/plan/?format=json").json()["plan"]
    first = plan["actions"][1]
    assert first["id"] == "A1.2" and first["percent_complete"] is not None
    new = 75 if first["percent_complete"] != 75 else 80  # the store (and its plan) is shared by both backends' runs
    page = clients["viewer1"].get("/plan/").text
    assert "A1.2" in page and "Record progress" not in page
    assert clients["manager-all"].post("/plan/", {"action": "A1.2", "percent": "70"}, token_from="/plan/").status == 403
    analyst = clients["analyst1"]
    assert "Record progress" in analyst.get("/plan/").text
    assert analyst.post("/plan/", {"action": "A1.2", "percent": str(new), "status": "In progress"},
                        token_from="/plan/").status == 302
    assert "updated (plan version" in analyst.get("/plan/").text
    after = {a["id"]: a for a in clients["viewer1"].get("/plan/?format=json").json()["plan"]["actions"]}
    assert after["A1.2"]["percent_complete"] == new
    assert analyst.post("/plan/", {"action": "A1.2", "percent": "175"}, token_from="/plan/").status == 302
    assert "is not a % complete" in analyst.get("/plan/").text


def test_plan_page_shows_each_action_s_rag_and_flags_today(clients):
    """A RAG the owner left blank is worked out from progress against time (plan/evaluate.action_state), as the
    plan report does, and an overdue action says so: the page once showed only the RAGs typed in."""
    from datetime import date

    from csc_scorecard.plan.evaluate import action_state
    from csc_scorecard.plan.model import Action

    made = clients["viewer1"].get("/plan/?format=json").json()
    assert made["as_at"] == date.today().isoformat()
    for a in made["plan"]["actions"]:
        due = date.fromisoformat(a["due"]) if a.get("due") else None
        start = date.fromisoformat(a["start"]) if a.get("start") else None
        expected = action_state(Action(id=a["id"], priority=a["priority"], title=a["title"], owner=a["owner"],
                                       status=a["status"],
                                       percent_complete=a["percent_complete"], rag=a["rag"], due=due, start=start),
                                date.today())
        state = made["states"][a["id"]]
        assert (state["rag"], state["overdue"]) == (expected.rag, expected.overdue), a["id"]
    worked_out = [i for i, st in made["states"].items() if st["rag_source"] == "worked out"]
    assert worked_out and all(made["states"][i]["rag"] for i in worked_out)
    page = clients["viewer1"].get("/plan/").text
    assert "from progress" in page and "Flags and RAG as at" in page
    if any(st["overdue"] for st in made["states"].values()):
        assert "Overdue " in page


def test_analysts_edit_rag_owner_due_and_notes_with_history(clients, server):
    """The whole edit form as a browser sends it (CRLF in the notes): a new plan version recording each
    field changed and who changed it; the same form again changes nothing; a bad date says what to write."""
    from csc_scorecard.project import Project

    analyst = clients["analyst1"]
    action = {a["id"]: a for a in analyst.get("/plan/?format=json").json()["plan"]["actions"]}["A2.2"]
    # the store (and its plan) is shared by both backends' runs: each writes its own values
    rag, due = ("Red", "2026-01-31") if server.backend == "sqlite" else ("Amber", "2026-02-28")
    owner, notes = f"Head of quality ({server.backend})", f"Audit moved.\r\nPanel in January ({server.backend})."
    form = {"action": "A2.2", "status": action["status"], "percent": f"{action['percent_complete'] or 0:.0f}",
            "rag": rag, "owner": owner, "due": due, "notes": notes}
    assert analyst.post("/plan/", form, token_from="/plan/").status == 302
    assert "Action A2.2 updated (plan version" in analyst.get("/plan/").text
    after = {a["id"]: a for a in clients["viewer1"].get("/plan/?format=json").json()["plan"]["actions"]}["A2.2"]
    assert (after["rag"], after["owner"], after["due"], after["notes"]) == (rag, owner, due, notes.replace("\r", ""))
    _, changes = Project(server.store, settings=server.store.with_name("scorecard.yaml")).plan_history(la="309")
    last = [c for c in changes if c.version == changes[-1].version]
    assert {c.field for c in last} >= {"rag", "owner", "due", "notes"} and {c.item for c in last} == {"action A2.2"}
    assert {c.saved_by for c in last} == {"analyst1"}
    assert {c.field: c.new for c in last}["owner"] == owner
    assert analyst.post("/plan/", form, token_from="/plan/").status == 302
    assert "Action A2.2: nothing changed." in analyst.get("/plan/").text
    assert analyst.post("/plan/", form | {"due": "31/13/2026"}, token_from="/plan/").status == 302
    assert "is not a due date: write it as 2025-06-30" in analyst.get("/plan/").text
    assert clients["manager-all"].post("/plan/", form | {"owner": "Someone else"}, token_from="/plan/").status == 403


def test_scorecard_rows_link_to_the_plan_actions_that_target_them(clients):
    page = clients["viewer1"].get("/").text
    assert 'href="/plan/#action-A1.1"' in page  # TS 1 re-referrals, in the example plan
    assert 'id="action-A1.1"' in clients["viewer1"].get("/plan/").text


def test_a_part_year_scorecard_shows_the_year_end_forecast(clients):
    """A quarter's scorecard has the forecast to 31 March (as `report --forecast`), in the page and its JSON;
    a whole year's has none."""
    analyst, viewer = clients["analyst1"], clients["viewer1"]
    page = analyst.get("/?period=2024-25-Q3").text
    assert "Forecast to 31 Mar 2025" in page
    assert any(status in page for status in ("on track", "at risk", "off track"))
    made = analyst.get("/?period=2024-25-Q3&format=json").json()
    assert made["scorecard"]["forecast_to"] == "2025-03-31"
    forecast = [r for r in made["rows"] if r.get("forecast_status")]
    assert forecast and all(r["forecast_year_end"] == "2025-03-31" for r in forecast)
    assert "Forecast to" not in analyst.get("/?period=2024-25").text
    assert analyst.get("/?period=2024-25&format=json").json()["scorecard"]["forecast_to"] is None
    assert "Forecast to 31 Mar 2025" in viewer.get("/?period=2024-25-Q3").text  # the public version too


def test_scorecard_page_shows_each_comparator_and_its_source(clients):
    """Comparator cells show the figure, its year and the number of its source, listed under Sources (they
    once showed the renderer's dict); a cumulative row in a quarter says it is judged on 12 months."""
    page = clients["analyst1"].get("/?period=2024-25-Q3").text
    assert "{&#x27;value" not in page and "{'value" not in page
    assert 'id="sources"' in page and "The numbers in square brackets beside a comparator refer to this list" in page
    assert "<sup>[" in page
    assert "12 months to 31 Dec 2024" in page and "alone:" in page and "not rated" in page
    one = clients["analyst1"].get("/indicator/cla-3-placements/?period=2024-25-Q3").text
    assert "{&#x27;value" not in one and "{'value" not in one
    assert "12 months to 31 Dec 2024" in one and "since 2024-25 Q2" in one
    # its children are those of the 12 months its figure is about
    assert "/cases/?period=12m%3A2024-12-31" in one and "behind this figure (12m to Dec 2024)" in one


def test_the_case_list_link_only_where_there_are_case_rows(clients):
    analyst = clients["analyst1"]
    assert 'id="cases-link"' in analyst.get("/indicator/assessments-45wd/?period=2024-25-Q3").text
    assert 'id="cases-link"' not in analyst.get("/indicator/sw-caseload/?period=2024-25").text  # supplied
    # a whole-year measure in a quarter has no figure and no rows; in its year it has both
    assert 'id="cases-link"' not in analyst.get("/indicator/cla-health-assessments/?period=2024-25-Q3").text
    assert 'id="cases-link"' in analyst.get("/indicator/cla-health-assessments/?period=2024-25").text
    # the page heads its columns in words, yes/no and dates as people write them; the JSON keeps the names
    page = analyst.get("/indicator/assessments-45wd/cases/?period=2024-25").text
    assert ">Child ID</th>" in page and ">Days over</th>" in page and ">child_id</th>" not in page
    assert ">false<" not in page and ">true<" not in page
    made = analyst.get("/indicator/assessments-45wd/cases/?period=2024-25&format=json").json()
    assert "child_id" in made["columns"] and "days_over" in made["columns"]
    due = analyst.get("/due/").text
    assert ">Due</th>" in due and ">due_date</th>" not in due


def test_a_real_team_limit_on_case_and_due_lists(clients, server):
    """With the synthetic LA's own allocations (team on each case row), a manager of one team sees only it."""
    everyone = clients["analyst1"].get(f"/indicator/{IND}/cases/?period={PERIOD}&format=json").json()
    if "team" not in everyone["columns"]:
        pytest.skip("this version's case rows carry no team")
    teams = sorted({r["team"] for r in everyone["rows"] if r["team"]})
    assert len(teams) >= 2
    team = teams[0]
    clients["admin1"].add_user("manager-real", "manager", team)
    mine = server.client("manager-real")
    seen = mine.get(f"/indicator/{IND}/cases/?period={PERIOD}&format=json").json()["rows"]
    theirs = {r["child_id"] for r in everyone["rows"] if r["team"] != team}
    ours = {r["child_id"] for r in everyone["rows"] if r["team"] == team}
    assert seen and {r["team"] for r in seen} == {team}
    assert {r["child_id"] for r in seen} == ours
    page = mine.get(f"/indicator/{IND}/cases/?period={PERIOD}").text
    assert not any(f">{c}<" in page for c in theirs - ours)
    # the exports too: no other team's child in the CSV or the workbook
    text = mine.get(f"/indicator/{IND}/cases/?period={PERIOD}&format=csv").body.decode("utf-8-sig")
    listed = list(csv.DictReader(io.StringIO(text)))
    assert len(listed) == len(seen) and {r["team"] for r in listed} == {team}
    wb = openpyxl.load_workbook(io.BytesIO(mine.get(f"/indicator/{IND}/cases/?period={PERIOD}&format=xlsx").body),
                                read_only=True)
    cells = {str(c) for row in wb.active.iter_rows(values_only=True) for c in row if c is not None}
    assert not cells & (theirs - ours) and ours <= cells
    due_all = clients["analyst1"].get("/due/?format=json").json()
    due_mine = mine.get("/due/?format=json").json()
    assert due_mine["team"] == team
    for lst in due_mine["lists"]:
        assert all(r.get("team") == team for r in lst["rows"]), lst["id"]
    assert sum(len(lst["rows"]) for lst in due_all["lists"]) > sum(len(lst["rows"]) for lst in due_mine["lists"])


def test_due_lists_at_a_date_given_as_text(clients):
    at = clients["analyst1"].get("/due/?at=2025-02-28&format=json").json()
    assert at["at"] == "2025-02-28" and at["lists"]
    bad = clients["analyst1"].get("/due/?at=2025-13-45&format=json").json()
    assert bad["status"] == "not available" and "2025-13-45" in bad["reason"]
    assert "is not a date or a period. Write a date as 2025-03-31 or 31/03/2025" in bad["reason"]
    assert 'id="at"' in clients["analyst1"].get("/due/?at=2025-13-45").text  # the form stays, to try again
    english = clients["analyst1"].get("/due/?at=28/02/2025&format=json").json()  # as people in England write it
    assert english["at"] == "2025-02-28"


def test_paper_downloads_and_approved_commentary_in_the_store(clients, server):
    from csc_scorecard.project import Project

    project = Project(server.store)
    pdf = clients["viewer1"].get(f"/paper/?period={PERIOD}&format=pdf")
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
    docx = clients["analyst1"].get(f"/paper/?period={PERIOD}&format=docx")
    assert docx.status == 200 and docx.body.startswith(b"PK")
    page = f"/indicator/icpc-15wd/?period={PERIOD}"
    path = f"/indicator/icpc-15wd/commentary/?period={PERIOD}"
    text = f"Conference slots doubled in the spring ({server.backend})."
    clients["analyst1"].post(path, {"text": text, "action": "save"}, token_from=page)
    assert clients["admin1"].post(path, {"action": "approve"}, token_from=page).status == 302
    stored = {e["key"]: e for e in project.commentary(PERIOD, la="309") if e["kind"] == "indicator"}
    assert stored["icpc-15wd"]["behind"] == text


def test_a_refused_request_logs_one_plain_line(clients, server):
    """An admin refused the due lists: the console gets one line (path, user, role; no query, no child),
    not a traceback; the page is the 403 page and its JSON twin says why."""
    before = server.log.read_text()
    assert clients["admin1"].get("/due/?at=2025-03-31").status == 403
    reply = clients["admin1"].get("/due/?format=json")
    assert reply.status == 403 and reply.json() == {"error": "not allowed", "needs": "child_level"}
    import time
    for _ in range(50):  # the server writes its console as it goes
        added = server.log.read_text()[len(before):]
        if added.count("\n") >= 2:
            break
        time.sleep(0.1)
    assert added.splitlines() == ["Refused: GET /due/ for admin1 (role admin; needs child_level)"] * 2, added
    # nor does any other refusal earlier in this module (the admin's refusal to edit the audit log among them)
    assert "Forbidden (Permission denied): /admin/" in server.log.read_text()
    assert "Traceback" not in server.log.read_text()


def test_paper_page_shows_the_drafted_points_and_their_commentary(clients, server):
    """The narrative engine's points under each judgement, as Project.paper drafts them, with their refs;
    the commentary on a cited figure: approved (what the paper prints) and a later draft, marked, which
    only those who draft or approve see."""
    import html

    from csc_scorecard.project import Project

    analyst, manager, admin, viewer = (clients[r] for r in ("analyst1", "manager-all", "admin1", "viewer1"))
    drafted, _ = Project(server.store, settings=server.store.with_name("scorecard.yaml")).paper(PERIOD)
    section = next(j for j in drafted.judgements if j.strengths)
    point = section.strengths[0]
    got = analyst.get(f"/paper/?period={PERIOD}&format=json").json()
    mine = {j["id"]: j for j in got["judgements"]}[section.id]
    assert mine["title"] == section.title
    assert [p["text"] for p in mine["strengths"]] == [p.text for p in section.strengths]
    assert [p["text"] for p in mine["weaknesses"]] == [p.text for p in section.weaknesses]
    cited = mine["strengths"][0]["refs"][0]
    assert cited["ref"] == point.refs[0] and cited["indicator"]
    page = analyst.get(f"/paper/?period={PERIOD}").text
    assert html.escape(point.text) in page and f">{cited['ref']} {html.escape(cited['title'])}</a>" in page
    # commentary on the cited figure: approved, then changed (a draft again)
    iid = cited["indicator"]
    where = f"/indicator/{iid}/commentary/?period={PERIOD}"
    first, second = (f"{w} on {iid} ({server.backend})." for w in ("Approved words", "Newer draft words"))
    assert manager.post(where, {"text": first, "action": "save"}, token_from=f"/indicator/{iid}/?period={PERIOD}"
                        ).status == 302
    assert admin.post(where, {"action": "approve"}, token_from=f"/indicator/{iid}/?period={PERIOD}").status == 302

    def notes():
        got = analyst.get(f"/paper/?period={PERIOD}&format=json").json()
        return [c for c in {j["id"]: j for j in got["judgements"]}[section.id]["commentary"] if c["indicator"] == iid]
    assert [(c["status"], c["text"], c["in_paper"], c["approved_by"]) for c in notes()] == [
        ("approved", first, True, "admin1")]
    manager.post(where, {"text": second, "action": "save"}, token_from=f"/indicator/{iid}/?period={PERIOD}")
    assert [(c["status"], c["text"], c["in_paper"], c["author"]) for c in notes()] == [
        ("approved", first, True, "manager-all"), ("draft", second, False, "manager-all")]
    page = analyst.get(f"/paper/?period={PERIOD}").text
    approved_at, draft_at = page.index(html.escape(first)), page.index(html.escape(second))
    assert page.rfind("Approved</strong>", 0, approved_at) > page.rfind("Draft, not yet approved", 0, approved_at)
    assert page.rfind("Draft, not yet approved", 0, draft_at) > approved_at
    # the viewer: the public paper, the approved words only
    public = viewer.get(f"/paper/?period={PERIOD}&format=json").json()
    assert public["public"] is True
    texts = [c["text"] for j in public["judgements"] for c in j["commentary"]]
    assert first in texts and second not in texts
    assert html.escape(second) not in viewer.get(f"/paper/?period={PERIOD}").text
