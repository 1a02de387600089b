from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fupin.api"
    label = "api"
    verbose_name = "数据接口"
