"""What the catalogue's busiest pages cost in queries: the search page, the API's list and the
procedure page, the same with 2 rows as with 6 (an N+1 shows as a difference)."""

from functools import partial

import pytest
from rest_framework.test import APIClient

from motcua.catalogue.tests.factories import make_procedure
from motcua.core.tests.queries import MOMENT, assert_queries, measure
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MOMENT, tick=False)


def procedures(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        make_procedure(
            code=f"9.{n:06d}",
            name=f"Cấp giấy xác nhận thử nghiệm số {n}",
            fees=[
                {"kind": "charge", "amount": 8000, "channel": "direct", "description": "Lệ phí"},
                {"kind": "charge", "amount": 0, "channel": "online", "description": "Miễn lệ phí"},
            ],
        )


@pytest.mark.parametrize("params", [{"q": "giay xac nhan"}, {}], ids=["words", "everything"])
def test_the_search_page(client, params):
    measured = {}
    procedures(2)
    measured[2] = measure(lambda: client.get("/thu-tuc/", params), shows=["9.000001"])
    procedures(4, start=2)
    measured[6] = measure(lambda: client.get("/thu-tuc/", params), shows=["9.000001", "9.000005"])
    assert_queries(measured, 4)  # the revision, the count, the page, the applicant types


def test_the_search_forms_long_lists(client):
    def fields(count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            make_procedure(code=f"9.{n:06d}", name=f"Thủ tục thử {n}", field=f"Lĩnh vực thử {n}")

    url = "/thu-tuc/bo-loc/field/"
    fields(2)
    measured = {2: measure(lambda: client.get(url), shows=["Lĩnh vực thử 1"])}
    fields(4, start=2)
    measured[6] = measure(lambda: client.get(url), shows=["Lĩnh vực thử 1", "Lĩnh vực thử 5"])
    assert_queries(measured, 2)  # the revision, the fields


@pytest.mark.parametrize("params", [{"q": "giay xac nhan"}, {}], ids=["words", "everything"])
def test_the_api_list(params):
    api = APIClient()
    measured = {}
    procedures(2)
    measured[2] = measure(lambda: api.get("/api/v1/procedures", params), shows=["9.000001", "8.000 đồng"])
    procedures(4, start=2)
    measured[6] = measure(lambda: api.get("/api/v1/procedures", params), shows=["9.000001", "9.000005"])
    assert_queries(measured, 5)


def procedure_with(rows: int):
    agencies = [AgencyFactory() for _ in range(rows)]
    return make_procedure(
        code=f"9.{rows:06d}",
        agencies=[a.code for a in agencies],
        steps=[{"title": f"Bước {n}", "description": f"Bước {n} của thủ tục."} for n in range(rows)],
        channels=[
            {"kind": kind, "time_text": "3 ngày làm việc", "fee_text": "Lệ phí: 8.000 đồng"}
            for kind in ["direct", "online", "post"][: min(rows, 3)]
        ],
        fees=[{"kind": "charge", "amount": 1000 * n, "description": f"Lệ phí {n}"} for n in range(rows)],
        documents=[
            {"name": f"Giấy tờ số {n}", "group": f"Trường hợp {n % 2}", "originals": 1, "copies": n}
            for n in range(rows)
        ],
        legal_basis=[{"name": f"Văn bản {n}", "number": f"{n}/2026/NĐ-CP"} for n in range(rows)],
        applicant_types=["citizen", "business"][: min(rows, 2)],
    )


def test_the_procedure_page(client):
    measured = {}
    for rows in (2, 6):
        procedure = procedure_with(rows)
        last = rows - 1
        measured[rows] = measure(
            partial(client.get, f"/thu-tuc/{procedure.code}/"),
            shows=[f"Giấy tờ số {last}", f"Bước {last} của", f"Văn bản {last}", f"{last}.000 đồng"],
        )
    assert_queries(measured, 8)


def test_the_api_detail():
    api = APIClient()
    measured = {}
    for rows in (2, 6):
        procedure = procedure_with(rows)
        last = rows - 1
        measured[rows] = measure(
            partial(api.get, f"/api/v1/procedures/{procedure.code}"),
            shows=[f"Giấy tờ số {last}", f"Bước {last} của", f"Văn bản {last}", '"business"'],
        )
    assert_queries(measured, 9)
