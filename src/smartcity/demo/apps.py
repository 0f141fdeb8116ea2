from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "smartcity.demo"
    label = "demo"
    verbose_name = "Demo data"
