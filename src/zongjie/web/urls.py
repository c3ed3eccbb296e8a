from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from zongjie.web.views import auth, dashboard, entries, evidence, excel, home, lookup, reports, review

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home.home, name="home"),
    path("entries/", entries.entry_list, name="entry_list"),
    path("entries/new/<str:kind>/", entries.entry_create, name="entry_create"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/evidence/", evidence.entry_evidence, name="entry_evidence"),
    path("entries/<int:pk>/submit/", entries.entry_submit, name="entry_submit"),
    path("entries/<int:pk>/record/<str:what>/", entries.entry_record, name="entry_record"),
    path("entries/export.xlsx", excel.export, name="entry_export"),
    path("entries/template.xlsx", excel.template_download, name="entry_template"),
    path("entries/import/", excel.import_sheet, name="entry_import"),
    path("outlets/", entries.outlet_lookup, name="outlet_lookup"),
    path("units/", lookup.unit_lookup, name="unit_lookup"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/act/", review.review_act, name="review_act"),
    path("review/claims/<str:what>/<int:pk>/", review.claim_act, name="claim_act"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("reports/", reports.report_preview, name="reports"),
    path("reports/preview/", reports.report_fragment, name="report_fragment"),
    path("reports/figure/", reports.report_figure, name="report_figure"),
    path("reports/download/", reports.report_download, name="report_download"),
    path("healthz", auth.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
]
