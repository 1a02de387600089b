from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "fupin.assessment"
    label = "assessment"
    verbose_name = "退出评估"
