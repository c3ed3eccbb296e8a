from django.contrib.auth import views as auth_views
from django.urls import path

from zongjie.web import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("review/", views.review_queue, name="review_queue"),
    path("healthz", views.healthz, name="healthz"),
]
