from django.apps import AppConfig


class GridConfig(AppConfig):
    name = "fupin.grid"
    label = "grid"
    verbose_name = "三级网格"

    def ready(self) -> None:
        from fupin.core.statistics import add_statistics

        from .coverage import coverage_statistics

        add_statistics(coverage_statistics)
