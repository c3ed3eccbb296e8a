from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zongjie.web"
    label = "web"
    verbose_name = "页面"
