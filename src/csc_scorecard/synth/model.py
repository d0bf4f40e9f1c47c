"""The synthetic children and their journeys, as plain objects.

All dates are ``date.toordinal()`` integers (None = not yet happened / still
open). The objects hold the whole simulated history; the writers cut it into
each collection year's returns.
"""

from __future__ import annotations


class Child:
    __slots__ = ("id", "dob", "sex", "ethnicity", "upn", "disabilities", "uasc", "home_post",
                 "mc_dob", "prior_cpp", "episodes", "periods", "busy_until", "last_referral",
                 "cp_count", "unborn_referral")

    def __init__(self, id: str, dob: int, sex: str, ethnicity: str):
        self.id = id
        self.dob = dob
        self.sex = sex  # M / F
        self.ethnicity = ethnicity
        self.upn = ""
        self.disabilities: tuple[str, ...] = ("NONE",)
        self.uasc = False
        self.home_post = ""
        self.mc_dob: int | None = None  # date of birth of the young person's own child
        self.prior_cpp = 0  # child protection plans before our history (or in another LA)
        self.episodes: list[CinEpisode] = []
        self.periods: list[Period] = []
        self.busy_until: float = 0  # while a CIN episode is open the child cannot be referred again
        self.last_referral = -10**7
        self.cp_count = 0
        self.unborn_referral = False


class CinEpisode:
    """CIN census CINdetails: one referral and everything that followed it."""

    __slots__ = ("referral", "source", "need", "closure", "reason", "nfa", "assessments", "s47s",
                 "cin_plans", "cp_plans", "period")

    def __init__(self, referral: int, source: str, need: str):
        self.referral = referral
        self.source = source
        self.need = need
        self.closure: int | None = None
        self.reason = ""
        self.nfa = False
        self.assessments: list[Assessment] = []
        self.s47s: list[Section47] = []
        self.cin_plans: list[CinPlan] = []
        self.cp_plans: list[CpPlan] = []
        self.period: Period | None = None


class Assessment:
    __slots__ = ("start", "auth", "factors")

    def __init__(self, start: int, auth: int | None, factors: tuple[str, ...]):
        self.start = start
        self.auth = auth
        self.factors = factors


class Section47:
    __slots__ = ("start", "target", "icpc", "not_required")

    def __init__(self, start: int, target: int, icpc: int | None, not_required: bool):
        self.start = start
        self.target = target
        self.icpc = icpc
        self.not_required = not_required


class CinPlan:
    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int | None):
        self.start = start
        self.end = end


class CpPlan:
    __slots__ = ("start", "end", "initial", "latest", "previous", "reviews")

    def __init__(self, start: int, initial: str, previous: int):
        self.start = start
        self.end: int | None = None
        self.initial = initial
        self.latest = initial
        self.previous = previous
        self.reviews: list[int] = []


class Episode:
    """SSDA903 Episodes: one legal status and placement segment."""

    __slots__ = ("decom", "rne", "ls", "cin", "place", "provider", "dec", "rec", "rpc",
                 "home_post", "pl_post", "urn")

    def __init__(self, decom: int, rne: str, ls: str, cin: str, place: str, provider: str,
                 pl_post: str, urn: str, home_post: str):
        self.decom = decom
        self.rne = rne
        self.ls = ls
        self.cin = cin
        self.place = place
        self.provider = provider
        self.dec: int | None = None
        self.rec = ""
        self.rpc = ""  # reason for placement change, on the episode whose placement ended
        self.pl_post = pl_post
        self.urn = urn
        self.home_post = home_post


class Period:
    """A period of care: episodes joined end to start by X1."""

    __slots__ = ("start", "end", "rec", "episodes", "reviews", "missing", "decisions", "adoption",
                 "uasc", "oc2", "leaver", "prev_perm", "social_workers")

    def __init__(self, start: int):
        self.start = start
        self.end: int | None = None
        self.rec = ""
        self.episodes: list[Episode] = []
        self.reviews: list[tuple[int, str]] = []  # (date, participation code)
        self.missing: list[tuple[str, int, int | None]] = []  # (M/A, start, end)
        self.decisions: list[tuple[int, int | None, str]] = []  # PlacedAdoption: decided, ceased, reason
        self.adoption: tuple | None = None  # AD1: (date_int, date_match, foster_care, nb, sex, ls)
        self.uasc = False
        self.oc2: dict[int, tuple] = {}  # collection year -> OC2 row values
        self.leaver: dict[int, tuple[str, str, str]] = {}  # collection year -> (IN_TOUCH, ACTIV, ACCOM)
        self.prev_perm: tuple[str, str, str] = ("Z1", "", "")  # PREV_PERM, LA_PERM, DATE_PERM
        self.social_workers: list[tuple[str, int, int | None, str]] = []  # SW_ID, SW_DECOM, SW_DEC, SW_REASON


class LaHistory:
    """Everything simulated for one local authority."""

    __slots__ = ("code", "name", "children", "first_year", "last_year", "params", "contacts", "early_help")

    def __init__(self, code: str, name: str, params, first_year: int, last_year: int):
        self.code = code
        self.name = name
        self.params = params
        self.first_year = first_year
        self.last_year = last_year
        self.children: list[Child] = []
        self.contacts: list[tuple[Child, int, str]] = []  # Annex A List 1: contacts
        self.early_help: list[tuple[Child, int, int | None]] = []  # Annex A List 2
