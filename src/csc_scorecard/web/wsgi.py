"""The WSGI application for gunicorn or waitress (docs/web.md): `csc_scorecard.web.wsgi:application`."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_scorecard.web.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
