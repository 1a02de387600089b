from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "fupin.visits"
    label = "visits"
    verbose_name = "走访"
