from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "fupin.monitoring"
    label = "monitoring"
    verbose_name = "监测帮扶"

    def ready(self) -> None:
        from fupin.core.statistics import add_statistics

        from .stats import case_statistics

        add_statistics(case_statistics)
