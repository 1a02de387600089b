from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "fupin.standards"
    label = "standards"
    verbose_name = "标准"
