"""The city's own targets, as published (sources in docs/indicators.md). Admins edit them."""

from django.db import migrations

PLAN_2020 = "Kế hoạch cải cách hành chính năm 2020 của UBND thành phố Đà Nẵng"
PLAN_2023 = "Kế hoạch 56/KH-UBND năm 2023 của UBND thành phố Đà Nẵng"
TARGETS = [
    (2020, "services_receiving", 60, PLAN_2020),
    (2020, "online_share_of_receiving", 50, PLAN_2020),
    (2020, "online_share", 20, PLAN_2020),
    (2023, "full_online", 100, PLAN_2023),
    (2023, "services_receiving", 95, PLAN_2023),
    (2023, "online_share", 80, PLAN_2023),
    (2023, "reissue_same_day", 30, PLAN_2023),
    (2023, "results_digitized", 100, PLAN_2023),
]


def ship(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    for year, measure, percent, source in TARGETS:
        Target.objects.get_or_create(year=year, measure=measure, defaults={"percent": percent, "source": source})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
