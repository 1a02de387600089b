from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "fupin.benefits"
    label = "benefits"
    verbose_name = "应享未享"
