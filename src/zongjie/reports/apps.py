from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zongjie.reports"
    label = "reports"
    verbose_name = "工作总结"
