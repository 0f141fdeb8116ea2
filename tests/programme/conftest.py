import pytest


@pytest.fixture
def small_plan(reference):
    """(plan, items by number, statuses by key): see factories.make_small_plan."""
    from tests.programme.factories import make_small_plan

    return make_small_plan()


@pytest.fixture
def plan2018(reference):
    """The shipped Plan 11/KH-BDH, loaded as reference data."""
    from smartcity.programme.services.plan_loader import load_plan_2018

    return load_plan_2018()
