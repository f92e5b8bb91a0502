import pytest

from motcua.units.models import Counter
from motcua.workflow import services as workflow


@pytest.fixture
def finished(submitted, staff):
    """A birth registration with its signed result."""
    workflow.receive(submitted, staff["reception"])
    workflow.assign(submitted, staff["reception"], staff["specialist"])
    workflow.propose(submitted, staff["specialist"], "Đề nghị cấp")
    workflow.approve_and_sign(submitted, staff["leader"])
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def counter(agency):
    return Counter.objects.create(agency=agency, number=1, name="Hộ tịch – chứng thực")
