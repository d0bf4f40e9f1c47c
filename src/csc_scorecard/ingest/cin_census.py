"""CIN census XML reader.

Streams the file with lxml's iterparse one ``Child`` at a time (each is
cleared once read, so memory stays flat however large the file) and turns it
into the canonical CIN tables of store/schema.py, returned as pyarrow Tables.

Decisions worth knowing:

* Collection year: the census year that contains the header ReferenceDate
  (normally its 31 March). The header Year is only a fallback: the DfE's own
  sample carries Year 2023 with ReferenceDate 2024-03-31. A ReferenceDate that
  is not a 31 March (an in-year extract) belongs to the census year it falls
  in, with a warning. A ``year`` argument overrides the file, with a warning
  when they disagree.
* LA: the header LEA, unless an ``la`` argument is given. The argument wins,
  as for the year (what the analyst typed is what is stored), with a warning
  when the header says otherwise; neither gives a fatal "unknown-la".
* Sex: ``Sex`` (M/F/U, 2024-25 on) or ``GenderCurrent`` (1/2/0/9, to 2023-24)
  becomes the canonical M/F/U; ``sex_code`` keeps the code as given. A ``Sex``
  holding an old GenderCurrent code (``<Sex>1</Sex>``, as in the DfE's 2024
  sample) is read as that code (1 -> M) with a warning.
* A referral is keyed by child and referral date: a CINdetails without a
  usable referral date, or repeating one, is dropped with its blocks (error).
  A child with a blank or repeated LAchildID is dropped (error; the first is
  kept). A second assessment, CIN plan, section 47, CP plan or pre-proceedings
  record with the same start date within a referral is dropped (error);
  a code or review date listed twice is stored once (warning).
* Only ISO dates (yyyy-mm-dd) pass silently; dd/mm/yyyy is read with a
  warning; anything else is blanked with an error. Booleans: 0/1/true/false.
* Nothing from a file with a fatal issue (unsafe or malformed XML, unknown LA
  or year) is returned for storing.

Speed: every value is looked up in a cache or code set first (dates are
cached as days since 1970, what Arrow's date32 holds); only a value that is
not plainly right goes to the slow paths in cin_values.py. Rows are tuples,
turned into Arrow columns once at the end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
from lxml import etree

from ..store.schema import ARROW_TYPES, TABLES
from . import codes_cin
from .cin_header import read_header, settle, year_label
from .cin_values import FLAGS, ValueChecks, at
from .issues import IssueLog
from .result import ReadResult, child_lookup
from .values import doubtful_id
from .xml_safety import UnsafeXML, check_no_doctype, safe_iterparse

DESCRIPTION = "CIN census (XML)"
SOURCE_RETURN = "cin"

# Element names in the order of the canonical columns they feed; nested
# elements follow the leaves in each map.
IDENT = ("LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
         "GenderCurrent", "Sex", "PersonDeathDate")
CIN = ("CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
       "DateOfInitialCPC", "ReferralNFA")
BLOCKS = ("Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans", "PreProceedingsandFGDM")
ASSESS = ("AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate")
PLAN = ("CINPlanStartDate", "CINPlanEndDate")
S47 = ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
CPP = ("CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP")
PP = ("PPStartDate", "LBPSentDate", "FGDMMeetingOffer", "FGDMMeetingFac", "InitialPPMeetingDate",
      "ReviewMeetingsCount", "StepDecisionDate", "PPOutcome", "CourtAppDate", "LetterInitCPDate")
_MAPS = {
    "child": ("ChildIdentifiers", "ChildCharacteristics", "CINdetails"),
    "ident": IDENT, "chars": ("Ethnicity", "Disabilities"), "cin": CIN + BLOCKS,
    "assess": ASSESS + ("FactorsIdentifiedAtAssessment",), "plan": PLAN, "s47": S47,
    "cpp": CPP + ("Reviews",), "pp": PP,
    "disability": ("Disability",), "factor": ("AssessmentFactors",), "review": ("CPPreviewDate",),
}

# The tables a CIN census fills, every one even when empty.
OUT_TABLES = ("child", "disability", "cin_episode", "assessment", "assessment_factor", "cin_plan",
              "section47", "cp_plan", "cp_review", "pre_proceedings")
_ROOT = re.compile(rb"<(?:[\w.-]+:)?Message[\s>]")
_MARK = re.compile(rb"<(?:[\w.-]+:)?(?:Children|Child|CINdetails|LAchildID)[\s>/]"
                   rb"|<(?:[\w.-]+:)?Collection>\s*CIN\s*<")


def _ascii_head(head: bytes) -> bytes:
    """The head as 8-bit text whatever the encoding (UTF-16 included), for pattern matching."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:200]:
        enc = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if head[:1] != b"\x00" else "utf-16-be")
        return head[: len(head) // 2 * 2].decode(enc, errors="ignore").encode("utf-8")
    return head


def sniff(path: Path, head: bytes) -> bool:
    """A CIN census is an XML <Message> holding children or a CIN collection header."""
    if head[:2] == b"PK":  # a zip (xlsx), never XML
        return False
    h = _ascii_head(head)
    return bool(_ROOT.search(h) and _MARK.search(h))


def read(path: Path, *, year: int | None = None, la: str | None = None) -> list[ReadResult]:
    path = Path(path)
    log = IssueLog(str(path))
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
        check_no_doctype(_ascii_head(head))
    except UnsafeXML as exc:
        log.add("fatal", "unsafe-xml", f"{exc}. The file was not read.",
                "Export the file again from the case management system: a CIN census XML has no DOCTYPE.")
        return [ReadResult(path, SOURCE_RETURN, DESCRIPTION, year, la, log)]
    except OSError as exc:
        log.add("fatal", "file-unreadable", f"The file cannot be opened ({exc.strerror}).",
                "Check the file's permissions, or close it in the program that has it open.")
        return [ReadResult(path, SOURCE_RETURN, DESCRIPTION, year, la, log)]
    reader = _Reader(path, log, year, la)
    try:
        reader.run()
    except UnsafeXML as exc:  # a DOCTYPE past the first 64 KB
        log.add("fatal", "unsafe-xml", f"{exc}. The file was not loaded.",
                "Export the file again from the case management system: a CIN census XML has no DOCTYPE.")
        return [ReadResult(path, SOURCE_RETURN, DESCRIPTION, year, la, log)]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        msg = (exc.msg or str(exc)).strip()
        fix = ("Open the file in a text or XML editor at that line and correct the markup, or export it again "
               "from the case management system.")
        if "encoding" in msg.lower() or "utf-8" in msg.lower():
            fix = ("Save the file as UTF-8, or name its real encoding in its first line, e.g. "
                   '<?xml version="1.0" encoding="windows-1252"?>.')
        log.add("fatal", "malformed-xml", f"The file is not well-formed XML ({msg}); nothing from it was loaded.",
                fix, location=f"line {line}")
        return [ReadResult(path, SOURCE_RETURN, DESCRIPTION, reader.year, reader.la, log)]
    tables = {} if log.fatal else reader.tables()
    ids = {n: child for child, n in reader.first_seen.items()}
    return [ReadResult(path, SOURCE_RETURN, DESCRIPTION, reader.year, reader.la, log, tables,
                       child_at=child_lookup(r"Child\[(\d+)\]", ids.__getitem__))]


def _dropped(kids: list | None) -> str:
    n = len(kids) if kids else 0
    return "the referral was not loaded" if not n else (
        f"the referral and its {'block' if n == 1 else f'{n} blocks'} were not loaded")


class _Reader(ValueChecks):
    """One pass over one file. Rows are tuples in the canonical column order."""

    def __init__(self, path: Path, log: IssueLog, year_arg: int | None, la_arg: str | None):
        super().__init__()
        self.path, self.log = path, log
        self.year_arg, self.la_arg = year_arg, la_arg
        self.year: int | None = year_arg
        self.la: str | None = la_arg
        self.settled = False
        self.header: dict[str, str | None] = {}
        self.rows: dict[str, list[tuple]] = {name: [] for name in OUT_TABLES}
        self.dates: dict[str | None, int | None] = {None: None}  # raw text -> days since 1970-01-01
        self.ints: dict[str | None, int | None] = {None: None}
        self.first_seen: dict[str, int] = {}  # LAchildID -> its Child number
        self.sex_fields: set[str] = set()
        self._namespace("")
        self._code_sets()

    def _namespace(self, ns: str) -> None:
        """Tag -> slot maps; a namespaced file gets the same slots under its namespace too."""
        self.ns = ns
        for name, tags in _MAPS.items():
            m = {t: i for i, t in enumerate(tags)}
            if ns:
                m.update({f"{{{ns}}}{t}": i for i, t in enumerate(tags)})
            setattr(self, f"m_{name}", m)

    def _code_sets(self) -> None:
        """Codes valid in the collection year (every year's when it is unknown); None = absent, passes."""
        def valid(field: str) -> frozenset:
            return frozenset(codes_cin.codes(field, self.year)) | {None}

        self.c_refsrc, self.c_need = valid("ReferralSource"), valid("PrimaryNeedCode")
        self.c_closure, self.c_factor = valid("ReasonForClosure"), valid("AssessmentFactors")
        self.c_abuse, self.c_disab = valid("CategoryOfAbuse"), valid("Disability")
        self.c_ethnic, self.c_upnun = valid("Ethnicity"), valid("UPNunknown")
        self.c_pp = frozenset(codes_cin.known("PPOutcome")) | {None}  # the block itself says its year
        # The same as {code: code} maps, so that a whole row can be looked up in one expression.
        self.k_refsrc, self.k_need, self.k_closure = dict(zip(self.c_refsrc, self.c_refsrc)), \
            dict(zip(self.c_need, self.c_need)), dict(zip(self.c_closure, self.c_closure))
        self.k_abuse, self.k_pp = dict(zip(self.c_abuse, self.c_abuse)), dict(zip(self.c_pp, self.c_pp))

    # -- the pass ---------------------------------------------------------------------
    def run(self) -> None:
        n = 0
        for _, el in safe_iterparse(self.path, events=("end",), tag=("{*}Header", "{*}Child"),
                                    remove_blank_text=True):
            tag = el.tag
            if tag[0] == "{":
                if not self.ns:
                    self._namespace(tag[1:tag.index("}")])
                tag = tag[tag.index("}") + 1:]
            if tag == "Header":
                if not self.header:
                    self.header = read_header(el)
                el.clear()
                continue
            if not self.settled and self.header:  # else settled at the end (a header after the children)
                self._settle()
            n += 1
            self._child(el, n)
            # Free what has been read: the element and any siblings before it.
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
        if not self.settled:
            self._settle()
        if n == 0:
            self.log.add("warning", "no-children", "The file holds no Child records.",
                         "Check that this is the full CIN census export for the year.", location="Children")
        self.flush_notes()
        self._sex_notes()

    def _split(self, el, slots: dict, n: int, where) -> tuple[list, list | None]:
        """The texts of the first n slots (leaves) and the nested elements [(slot, element)] of the rest.

        The hot loop of the reader: one dictionary look-up per element. Oddities (unknown
        elements, loose text) are noted on the way; repeated leaves are found afterwards by
        counting, so the common case pays nothing for them.
        """
        vals: list = [None] * n
        kids = None
        t = el.text
        if t and not t.isspace():
            self.note("stray-text", where, "", t)
        for c in el:
            try:
                i = slots[c.tag]
            except (KeyError, TypeError):  # TypeError: a comment or processing instruction
                if isinstance(c.tag, str):
                    self.note("unknown-element", where, c.tag)
            else:
                if i < n:
                    vals[i] = c.text
                elif kids is None:
                    kids = [(i, c)]
                else:
                    kids.append((i, c))
            t = c.tail
            if t and not t.isspace():
                self.note("stray-text", where, c.tag, t)
        if len(el) != n - vals.count(None) + (len(kids) if kids else 0):
            self._recheck(el, slots, n, where, vals)
        return vals, kids

    def _recheck(self, el, slots: dict, n: int, where, vals: list) -> None:
        """A leaf given twice (or empty, or unknown): keep the first value given, note repeats."""
        first: dict[int, str | None] = {}
        for c in el:
            i = slots.get(c.tag) if isinstance(c.tag, str) else None
            if i is None or i >= n:
                continue
            if i in first:
                self.note("repeated-element", where, c.tag)
                if first[i] is None:
                    first[i] = c.text
            else:
                first[i] = c.text
        for i, text in first.items():
            vals[i] = text

    def _items(self, el, slots: dict, where) -> list:
        """The values of a list element (Disabilities, FactorsIdentifiedAtAssessment, Reviews), in order."""
        out = []
        t = el.text
        if t and not t.isspace():
            self.note("stray-text", where, "", t)
        for c in el:
            tag = c.tag
            if tag in slots:
                out.append(c.text)
            elif isinstance(tag, str):
                self.note("unknown-element", where, tag)
            t = c.tail
            if t and not t.isspace():
                self.note("stray-text", where, tag, t)
        return out

    # -- header: year and LA ---------------------------------------------------------------
    def _settle(self) -> None:
        self.settled = True
        self.year, self.la = settle(self.header, self.year_arg, self.la_arg, self.log)
        self._code_sets()

    def _sex_notes(self) -> None:
        if self.year is None:
            return
        expected = "Sex" if self.year >= codes_cin.SEX_FIRST_YEAR else "GenderCurrent"
        for used in sorted(self.sex_fields - {expected}):
            yr = year_label(self.year)
            self.log.add("info", "sex-field-for-year", f"This {yr} file uses <{used}>; the census for {yr} uses "
                         f"<{expected}>. Both are read into the same canonical sex (M, F, U).",
                         "Nothing to do, unless the year is wrong.", field=used)

    # -- value helpers: the cache first, the slow path only for what is not plainly right --------
    def _d(self, raw, where: str, name: str):
        try:
            return self.dates[raw]
        except KeyError:
            return self.date_slow(raw, f"{at(where)}/{name}", name)

    def _f(self, raw, where: str, name: str):
        try:
            return FLAGS[raw]
        except KeyError:
            return self.flag_slow(raw, f"{at(where)}/{name}", name)

    def _i(self, raw, where: str, name: str):
        try:
            return self.ints[raw]
        except KeyError:
            return self.int_slow(raw, f"{at(where)}/{name}", name)

    def _c(self, raw, valid: frozenset, where: str, name: str):
        return raw if raw in valid else self.code_slow(raw, valid, name, f"{at(where)}/{name}")

    def _codes(self, raws: list, valid: frozenset, where: str, name: str) -> list[str]:
        out: list[str] = []
        for k, raw in enumerate(raws, 1):
            v = raw if raw in valid else self.code_slow(raw, valid, name, f"{at(where)}/{name}[{k}]")
            if v is None:
                continue
            if v in out:
                self.duplicate_item(f"{at(where)}/{name}[{k}]", name, v)
            else:
                out.append(v)
        return out

    # -- one child --------------------------------------------------------------------------
    def _child(self, el, n: int) -> None:
        where = f"Children/Child[{n}]"
        _, kids = self._split(el, self.m_child, 0, where)
        ident = chars = None
        referrals = []
        for k, c in kids or ():
            if k == 2:
                referrals.append(c)
            elif (ident if k == 0 else chars) is not None:
                self.note("repeated-element", where, c.tag)
            elif k == 0:
                ident = c
            else:
                chars = c
        if ident is None:
            self.log.add("error", "missing-child-id", "The Child has no ChildIdentifiers; it was not loaded.",
                         "Export the child with its ChildIdentifiers (LAchildID at least).", location=where)
            return
        iw = f"{where}/ChildIdentifiers"
        v, _ = self._split(ident, self.m_ident, 9, iw)
        child_id = v[0].strip() if v[0] else None
        if not child_id:
            self.log.add("error", "missing-child-id", "The LAchildID is blank; the child was not loaded.",
                         "Give every child its LA child ID and export again.", location=f"{iw}/LAchildID",
                         field="LAchildID")
            return
        why = doubtful_id(child_id)
        if why:  # kept: it may still identify the child, but it is plainly not an ID as exported
            self.log.add("warning", "doubtful-value", f"The LAchildID {why}; kept as given.",
                         "Check the child's ID in the case management system and export again.",
                         location=f"{iw}/LAchildID", field="LAchildID", value=child_id)
        first = self.first_seen.get(child_id)
        if first is not None:
            self.log.add("error", "duplicate-child",
                         f"This LAchildID already appeared at Children/Child[{first}]; this Child block (with its "
                         f"{len(referrals)} referrals) was not loaded.",
                         "Each child appears once in the census: merge the two Child blocks in the case management "
                         "system, or correct the ID.", location=f"{iw}/LAchildID", field="LAchildID", value=child_id)
            return
        self.first_seen[child_id] = n
        self._child_row(child_id, v, chars, where, iw)
        if not referrals:
            self.missing(where, "CINdetails", " (the child has no referral)")
        seen: set = set()
        for r, c in enumerate(referrals, 1):
            self._referral(child_id, c, f"{where}/CINdetails[{r}]", seen)

    def _child_row(self, child_id: str, v: list, chars, where: str, iw: str) -> None:
        upn = v[1].strip() if v[1] else None
        former = v[2].strip() if v[2] else None
        self.check_upn(upn, iw, "UPN")
        self.check_upn(former, iw, "FormerUPN")
        sex, sex_code = self.sex(v[6], v[7], iw, self.sex_fields)
        ethnicity = None
        disabilities: list[str] = []
        if chars is None:
            self.missing(where, "ChildCharacteristics")
        else:
            cw = f"{where}/ChildCharacteristics"
            cv, lists = self._split(chars, self.m_chars, 1, cw)
            if cv[0] is None:
                self.missing(cw, "Ethnicity")
            ethnicity = self._c(cv[0], self.c_ethnic, cw, "Ethnicity")
            for _, lst in lists or ():
                dw = f"{cw}/Disabilities"
                disabilities += self._codes(self._items(lst, self.m_disability, dw), self.c_disab, dw, "Disability")
        self.rows["child"].append((
            child_id, upn, former, self._c(v[3], self.c_upnun, iw, "UPNunknown"),
            self._d(v[4], iw, "PersonBirthDate"), self._d(v[5], iw, "ExpectedPersonBirthDate"),
            sex, sex_code, ethnicity, self._d(v[8], iw, "PersonDeathDate")))
        if disabilities:
            add = self.rows["disability"].append
            for d in dict.fromkeys(disabilities):  # once each, even across two Disabilities lists
                add((child_id, d))

    # -- one referral and its blocks -----------------------------------------------------------
    def _referral(self, child_id: str, el, where: str, seen: set) -> None:
        v, kids = self._split(el, self.m_cin, 7, where)
        raw = v[0]
        if raw is None or not raw.strip():
            self.log.add("error", "missing-referral-date", f"The CINdetails has no CINreferralDate: {_dropped(kids)}.",
                         "Record the referral date and export again.", location=f"{where}/CINreferralDate",
                         field="CINreferralDate")
            return
        ref = self.dates.get(raw)
        if ref is None:  # a referral is keyed by child and date: without a date it cannot be kept
            ref = self.date_slow(raw, f"{where}/CINreferralDate", "CINreferralDate",
                                 f"{_dropped(kids)} (a referral is identified by its child and date)")
            if ref is None:
                return
        if ref in seen:
            self.log.add("error", "duplicate-referral", "The child already has a referral on this date in the file: "
                         f"the first was kept and {_dropped(kids).replace('the referral', 'this one')}.",
                         "Merge the two CINdetails blocks, or correct the referral date.",
                         location=f"{where}/CINreferralDate", field="CINreferralDate", value=raw)
            return
        seen.add(ref)
        if v[1] is None:
            self.missing(where, "ReferralSource")
        if v[6] is None:
            self.missing(where, "ReferralNFA")
        D = self.dates
        try:  # every value plainly right: one expression of look-ups (the slow path says what is wrong)
            row = (child_id, ref, self.k_refsrc[v[1]], self.k_need[v[2]], D[v[3]], self.k_closure[v[4]], D[v[5]],
                   FLAGS[v[6]])
        except KeyError:
            row = (child_id, ref, self._c(v[1], self.c_refsrc, where, "ReferralSource"),
                   self._c(v[2], self.c_need, where, "PrimaryNeedCode"), self._d(v[3], where, "CINclosureDate"),
                   self._c(v[4], self.c_closure, where, "ReasonForClosure"),
                   self._d(v[5], where, "DateOfInitialCPC"), self._f(v[6], where, "ReferralNFA"))
        self.rows["cin_episode"].append(row)
        if kids:
            self._blocks(child_id, ref, kids, where)

    def _blocks(self, child_id: str, ref: int, kids: list, where: str) -> None:
        """Assessments, CIN plans, section 47s, CP plans and pre-proceedings of one referral.

        Each row is first built in one expression of cache look-ups; a KeyError means some
        value is not plainly right, and the row is built again through the checking helpers.
        """
        counts = [0] * 12
        starts: list = [None] * 12  # the first start date of each kind of block, a set from the second on
        rows, d, c, f, i_ = self.rows, self._d, self._c, self._f, self._i
        D, I = self.dates, self.ints
        for k, el in kids:
            counts[k] += 1
            bw = (where, BLOCKS[k - 7], counts[k])
            if k == 7:
                v, lists = self._split(el, self.m_assess, 3, bw)
                start = self._start(v[0], bw, ASSESS[0], starts, k, "an assessment")
                if start is False:
                    continue
                try:
                    row = (child_id, ref, start, D[v[1]], D[v[2]])
                except KeyError:
                    row = (child_id, ref, start, d(v[1], bw, ASSESS[1]), d(v[2], bw, ASSESS[2]))
                rows["assessment"].append(row)
                if lists:
                    add = rows["assessment_factor"].append
                    for _, lst in lists:
                        fw = (bw, "FactorsIdentifiedAtAssessment", 0)
                        for code in self._codes(self._items(lst, self.m_factor, fw), self.c_factor, fw,
                                                "AssessmentFactors"):
                            add((child_id, ref, start, code))
            elif k == 8:
                v, _ = self._split(el, self.m_plan, 2, bw)
                start = self._start(v[0], bw, PLAN[0], starts, k, "a CIN plan")
                if start is not False:
                    rows["cin_plan"].append((child_id, ref, start, d(v[1], bw, PLAN[1])))
            elif k == 9:
                v, _ = self._split(el, self.m_s47, 4, bw)
                start = self._start(v[0], bw, S47[0], starts, k, "a section 47 enquiry")
                if start is False:
                    continue
                if v[3] is None:
                    self.missing(bw, S47[3])
                try:
                    row = (child_id, ref, start, D[v[1]], D[v[2]], FLAGS[v[3]])
                except KeyError:
                    row = (child_id, ref, start, d(v[1], bw, S47[1]), d(v[2], bw, S47[2]), f(v[3], bw, S47[3]))
                rows["section47"].append(row)
            elif k == 10:
                v, lists = self._split(el, self.m_cpp, 5, bw)
                start = self._start(v[0], bw, CPP[0], starts, k, "a child protection plan")
                if start is False:
                    continue
                if v[2] is None or v[3] is None or v[4] is None:
                    for i in (2, 3, 4):
                        if v[i] is None:
                            self.missing(bw, CPP[i])
                try:
                    row = (child_id, ref, start, D[v[1]], self.k_abuse[v[2]], self.k_abuse[v[3]], I[v[4]])
                except KeyError:
                    row = (child_id, ref, start, d(v[1], bw, CPP[1]), c(v[2], self.c_abuse, bw, CPP[2]),
                           c(v[3], self.c_abuse, bw, CPP[3]), i_(v[4], bw, CPP[4]))
                rows["cp_plan"].append(row)
                if lists:
                    self._reviews(child_id, ref, start, lists, bw)
            else:
                v, _ = self._split(el, self.m_pp, 10, bw)
                start = self._start(v[0], bw, PP[0], starts, k, "a pre-proceedings record")
                if start is False:
                    continue
                try:
                    row = (child_id, ref, start, D[v[1]], FLAGS[v[2]], FLAGS[v[3]], D[v[4]], I[v[5]], D[v[6]],
                           self.k_pp[v[7]], D[v[8]], D[v[9]])
                except KeyError:
                    row = (child_id, ref, start, d(v[1], bw, PP[1]), f(v[2], bw, PP[2]), f(v[3], bw, PP[3]),
                           d(v[4], bw, PP[4]), i_(v[5], bw, PP[5]), d(v[6], bw, PP[6]),
                           c(v[7], self.c_pp, bw, PP[7]), d(v[8], bw, PP[8]), d(v[9], bw, PP[9]))
                rows["pre_proceedings"].append(row)

    def _start(self, raw, bw, name: str, starts: list, k: int, what: str):
        """A block's start date; False when the block repeats an earlier one's start (it is dropped)."""
        if raw is None:
            self.missing(bw, name)
            return None
        start = self._d(raw, bw, name)
        if start is None:
            return None
        seen = starts[k]
        if seen is None:  # the usual case: the first block of its kind in the referral
            starts[k] = start
            return start
        if not isinstance(seen, set):
            seen = starts[k] = {seen}
        if start in seen:
            self.duplicate_block(bw, name, start, what)
            return False
        seen.add(start)
        return start

    def _reviews(self, child_id: str, ref: int, start, lists: list, bw: str) -> None:
        add = self.rows["cp_review"].append
        done: set = set()
        rw = (bw, "Reviews", 0)
        for _, lst in lists:
            for k, raw in enumerate(self._items(lst, self.m_review, rw), 1):
                try:
                    day = self.dates[raw]
                except KeyError:
                    day = self.date_slow(raw, f"{at(rw)}/CPPreviewDate[{k}]", "CPPreviewDate")
                if day is None:
                    continue
                if day in done:
                    self.log.add("warning", "duplicate-review", "The plan lists this review date twice; stored once.",
                                 "List each review once.", location=f"{at(rw)}/CPPreviewDate[{k}]",
                                 field="CPPreviewDate", value=raw)
                else:
                    done.add(day)
                    add((child_id, ref, start, day))

    # -- output -----------------------------------------------------------------------------
    def tables(self) -> dict[str, pa.Table]:
        out = {}
        for name in OUT_TABLES:
            rows = self.rows[name]
            cols = TABLES[name].columns
            width = len(rows[0]) if rows else len(cols)
            struct = pa.struct([(c, ARROW_TYPES[t]) for c, t in cols[:width]])
            out[name] = pa.Table.from_struct_array(pa.array(rows, type=struct))
            self.rows[name] = []  # free the Python rows as soon as they are columns
        return out
