"""The console's logging filter (settings.LOGGING): imported while the settings are read, so it imports
nothing that needs the apps loaded."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class PlainRefusals(logging.Filter):
    """Django logs a PermissionDenied raised in its own views (the admin's refusal to edit the audit log)
    with its traceback: a refusal is routine, so keep the one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info, record.exc_text = None, None
        return True
