from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "fupin.ledger"
    label = "ledger"
    verbose_name = "问题台账"

    def ready(self) -> None:
        from fupin.core.statistics import add_statistics

        from .stats import ledger_statistics

        add_statistics(ledger_statistics)
