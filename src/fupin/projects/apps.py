from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "fupin.projects"
    label = "projects"
    verbose_name = "项目资金"

    def ready(self) -> None:
        from fupin.core.statistics import add_statistics

        from .stats import project_statistics

        add_statistics(project_statistics)
