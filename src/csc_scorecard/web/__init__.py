"""The web dashboard (Django): sign-in, roles, audited case lists, uploads, commentary with sign-off.

Views go through `Project` like the CLI; the scorecard parts come from the report renderers. The app's
own database (users, sessions, the audit log, commentary) is separate from the DuckDB store: SQLite beside
the store by default, PostgreSQL with SCORECARD_DATABASE_URL. settings.py reads every setting from the
environment, which `scorecard serve` fills from its options.
"""
