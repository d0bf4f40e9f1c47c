"""The app's own records: each user's role and team, the audit log of child-level views, commentary."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROLES = ("viewer", "manager", "analyst", "admin")


class Profile(models.Model):
    """What a user may see: the role, the team a manager is limited to, and whether they approve commentary."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorecard")
    role = models.CharField(max_length=16, choices=[(r, r) for r in ROLES], default="viewer")
    team = models.CharField(max_length=100, blank=True, default="",
                            help_text="A manager with a team sees only that team's children.")
    approver = models.BooleanField(default=False, help_text="May approve commentary (as an admin may).")

    def __str__(self) -> str:
        return f"{self.user.username} ({self.role}{', ' + self.team if self.team else ''})"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is never edited.")

    def delete(self):
        raise PermissionError("The audit log is never edited.")


class AuditEntry(models.Model):
    """One child-level view or export: who, when, which page, period, how many children, which file.

    Written once, never changed: save() refuses an update and delete() refuses, here and in the admin.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)  # kept even if the user is later removed
    role = models.CharField(max_length=16)
    team = models.CharField(max_length=100, blank=True, default="")
    page = models.CharField(max_length=40)  # "cases", "due", ...
    path = models.CharField(max_length=500)
    indicator = models.CharField(max_length=100, blank=True, default="")
    period = models.CharField(max_length=40, blank=True, default="")
    children = models.PositiveIntegerField(default=0)  # distinct children shown
    rows = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=200, blank=True, default="")  # the export's file name, if any

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is never edited.")

    def as_dict(self) -> dict:
        return {"at": self.at.isoformat(), "username": self.username, "role": self.role, "team": self.team,
                "page": self.page, "path": self.path, "indicator": self.indicator, "period": self.period,
                "children": self.children, "rows": self.rows, "file": self.file}


class Commentary(models.Model):
    """Commentary on one indicator's figure for a period: drafted by a manager or analyst, approved by a head of
    service. The app's own record until the committee paper's commentary store is merged (web/commentary.py)."""

    DRAFT, APPROVED = "draft", "approved"
    indicator = models.CharField(max_length=100)
    period = models.CharField(max_length=40)
    la = models.CharField(max_length=3, blank=True, default="")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=[(DRAFT, DRAFT), (APPROVED, APPROVED)], default=DRAFT)
    author = models.CharField(max_length=150)
    written_at = models.DateTimeField(auto_now=True)
    approved_by = models.CharField(max_length=150, blank=True, default="")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["indicator", "period", "-written_at"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period", "la"], name="one_commentary")]

    def as_dict(self) -> dict:
        return {"indicator": self.indicator, "period": self.period, "la": self.la, "text": self.text,
                "status": self.status, "author": self.author, "written_at": self.written_at.isoformat(),
                "approved_by": self.approved_by,
                "approved_at": self.approved_at.isoformat() if self.approved_at else None}
