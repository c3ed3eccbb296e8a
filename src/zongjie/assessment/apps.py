from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zongjie.assessment"
    label = "assessment"
    verbose_name = "考核评分"

    def ready(self) -> None:
        from zongjie.assessment import versions  # noqa: F401  (connects the score-version receivers)
