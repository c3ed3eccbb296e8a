from django.urls import path

from zongjie.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/figures/<int:fid>/", views.figure_action, name="figure"),
    path("<int:pk>/confirm/", views.confirm_all, name="confirm_all"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
