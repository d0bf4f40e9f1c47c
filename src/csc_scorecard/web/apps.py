from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "csc_scorecard.web"
    label = "scorecard_web"
    verbose_name = "Scorecard dashboard"
    default_auto_field = "django.db.models.BigAutoField"
