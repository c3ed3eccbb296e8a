from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zongjie.api"
    label = "api"
    verbose_name = "接口"
