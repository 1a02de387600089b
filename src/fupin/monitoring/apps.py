from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "fupin.monitoring"
    label = "monitoring"
    verbose_name = "监测帮扶"
