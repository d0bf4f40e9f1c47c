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
