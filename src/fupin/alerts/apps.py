from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "fupin.alerts"
    label = "alerts"
    verbose_name = "返贫预警"
