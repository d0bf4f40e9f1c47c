"""OpenID Connect sign-in (off unless SCORECARD_OIDC=1): only people who already have an account here.

The identity provider says who someone is; this app alone says what they may see. So a sign-in is matched
to an existing, active account whose user name is the person's e-mail address, and nobody is created.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class Backend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or claims.get("preferred_username") or "").strip()
        if not email:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(username__iexact=email, is_active=True, scorecard__isnull=False)

    def create_user(self, claims):
        return None  # accounts are made with `scorecard users add`, never by signing in

    def update_user(self, user, claims):
        return user
