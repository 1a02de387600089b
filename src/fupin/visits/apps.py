from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "fupin.visits"
    label = "visits"
    verbose_name = "走访"

    def ready(self) -> None:
        from fupin.core.statistics import add_statistics

        from .due import visit_statistics

        add_statistics(visit_statistics)
