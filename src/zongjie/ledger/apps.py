from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zongjie.ledger"
    label = "ledger"
    verbose_name = "工作台账"

    def ready(self) -> None:
        from zongjie.ledger import signals  # noqa: F401  (connects the receivers)
