import pytest


@pytest.fixture
def procedures(reference):
    """{'house': ProcedureVersion (DOC, 15 days), 'business': ProcedureVersion (DPI, 3 days)}."""
    from tests.onestop.factories import make_procedures

    return make_procedures()
