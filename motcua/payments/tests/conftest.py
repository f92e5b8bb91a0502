# A dossier awaiting payment and the platform's sandbox; the agency with a signing certificate, its
# staff and the submitted dossier are the back office's fixtures (motcua/conftest.py).
import pytest

from motcua.workflow import services as workflow


@pytest.fixture
def awaiting_payment(submitted, staff):
    """A dossier in state 6: the specialist asked for an 8.000 đồng charge."""
    workflow.receive(submitted, staff["reception"])
    workflow.assign(submitted, staff["reception"], staff["specialist"])
    workflow.request_payment(submitted, staff["specialist"], amount=8000, reason="Lệ phí đăng ký khai sinh quá hạn")
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def platform(settings, live_server):
    """The national payment platform's sandbox, served by the test server, as our client's target."""
    settings.MOTCUA_PAYGOV = {**settings.MOTCUA_PAYGOV, "url": f"{live_server.url}/thanh-toan/sandbox/paygov/"}
    return live_server
