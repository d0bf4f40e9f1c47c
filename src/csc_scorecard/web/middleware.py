"""A content-security policy on every response: scripts, styles, images and fonts from this site only.

No inline script or style anywhere (the charts are SVG elements with presentation attributes, which a CSP
allows); forms post only here; no framing.
"""

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class ContentSecurityPolicy:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", POLICY)
        return response


class SlidingSession:
    """Sessions end after SESSION_COOKIE_AGE of inactivity: each request moves the expiry on, but the session
    is written at most once a minute (a write per request would make every page wait on the app database)."""

    KEY = "_touched"
    EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        session = getattr(request, "session", None)
        if session is not None and session.session_key and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.EVERY:
                session[self.KEY] = now  # marks it modified: saved with a new expiry
        return self.get_response(request)
