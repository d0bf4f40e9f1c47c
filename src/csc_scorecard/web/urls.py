from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import config
from .views import admin_pages, cases, data_pages, paper, scorecard

urlpatterns = [
    path("", scorecard.scorecard, name="scorecard"),
    path("indicator/<slug:iid>/", scorecard.indicator, name="indicator"),
    path("indicator/<slug:iid>/commentary/", scorecard.commentary, name="commentary"),
    path("indicator/<slug:iid>/cases/", cases.cases, name="cases"),
    path("due/", cases.due, name="due"),
    path("paper/", paper.paper, name="paper"),
    path("plan/", data_pages.plan, name="plan"),
    path("loads/", data_pages.loads, name="loads"),
    path("supply/", data_pages.supply, name="supply"),
    path("users/", admin_pages.users, name="users"),
    path("audit/", admin_pages.audit, name="audit"),
    path("healthz", admin_pages.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(template_name="scorecard_web/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
if config.flag(config.ENV_OIDC):
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
