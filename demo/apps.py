from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of `make run`: the top of the chain, it may load every app's demo."""

    name = "demo"
    verbose_name = "Demo"
