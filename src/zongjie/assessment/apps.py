from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zongjie.assessment"
    label = "assessment"
    verbose_name = "考核评分"
