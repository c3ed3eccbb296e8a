from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zongjie.org"
    label = "org"
    verbose_name = "组织与权限"

    def ready(self) -> None:
        from zongjie import checks  # noqa: F401  (registers the system checks)
