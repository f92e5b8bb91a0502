import importlib

import pytest


@pytest.fixture
def shipped_targets():
    """The targets the migration ships (a transactional test before this one may have flushed them)."""
    from django.apps import apps

    importlib.import_module("motcua.indicators.migrations.0002_city_targets").ship(apps, None)
