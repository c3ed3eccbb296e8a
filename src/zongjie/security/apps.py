from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "zongjie.security"
    label = "security"
    verbose_name = "安全与审计"

    def ready(self) -> None:
        from zongjie.security import audit

        audit.connect()
