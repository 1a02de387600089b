from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "fupin.ledger"
    label = "ledger"
    verbose_name = "问题台账"

    def ready(self) -> None:
        from fupin.core.findings import set_findings_sink
        from fupin.core.statistics import add_statistics

        from .from_findings import write_findings
        from .stats import ledger_statistics

        add_statistics(ledger_statistics)
        # Household works and audits (projects, below the ledger) open problems through this.
        set_findings_sink(write_findings)
