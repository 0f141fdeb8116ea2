from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "smartcity.demo"
    label = "demo"
    verbose_name = "Demo data"

    def ready(self):
        # each module registers its demo loader / simulator on import
        from smartcity.demo import hub_demo, hub_simulators  # noqa: F401
