"""Developers: regenerate motcua/units/data/danang_units.json from the vietnam-provinces package."""

import json
from importlib.metadata import version

from django.core.management.base import BaseCommand
from vietnam_provinces import Province, ProvinceCode, Ward, legacy
from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD, OLD_TO_NEW

from motcua.units.services import DATA_DIR

CITY = 48
KINDS = {
    "thành phố trung ương": "city",
    "tỉnh": "province",
    "quận": "urban_district",
    "huyện": "rural_district",
    "thị xã": "town",
    "thành phố thuộc tỉnh": "provincial_city",
    "thành phố": "provincial_city",
    "phường": "ward",
    "xã": "commune",
    "thị trấn": "township",
    "đặc khu": "special_zone",
    "huyện đảo": "rural_district",
}


def short(name: str, division_type: str) -> str:
    """ "Xã Bà Nà" → "Bà Nà": the kind is kept in its own column."""
    for prefix in sorted(
        {"Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Phường", "Xã", "Thị trấn", "Đặc khu"}, key=len, reverse=True
    ):
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def kind_of(division) -> str:
    value = str(getattr(division.division_type, "value", division.division_type))
    return KINDS[value]


class Command(BaseCommand):
    help = __doc__

    def handle(self, **options):
        city = Province.from_code(ProvinceCode(CITY))
        wards = sorted(Ward.iter_by_province(ProvinceCode(CITY)), key=lambda w: int(w.code))
        current = [
            {"code": str(int(w.code)), "name": short(w.name, w.division_type), "kind": kind_of(w)} for w in wards
        ]
        current_codes = {int(w.code) for w in wards}

        legacy_units, districts, provinces = [], {}, {}
        for new_code in sorted(current_codes):
            # Đặc khu Hoàng Sa continues the old huyện Hoàng Sa, which had no communes.
            for old in NEW_TO_OLD[new_code].old_wards if new_code in NEW_TO_OLD else ():
                provinces.setdefault(old.province_code, None)
        for province_code in provinces:
            for district in legacy.District.iter_by_province(legacy.ProvinceCode(province_code)):
                districts[int(district.code)] = province_code
        seen = set()
        for new_code in sorted(current_codes):
            for old in NEW_TO_OLD[new_code].old_wards if new_code in NEW_TO_OLD else ():
                if old.code in seen:
                    continue
                seen.add(old.code)
                ward = legacy.Ward.from_code(legacy.WardCode(old.code))
                successors = [str(n.code) for n in OLD_TO_NEW[old.code].new_wards if n.code in current_codes]
                legacy_units.append(
                    {
                        "code": str(old.code),
                        "name": short(ward.name, ward.division_type),
                        "kind": kind_of(ward),
                        "district": str(old.district_code),
                        "successors": successors,
                        "partly_merged": old.is_partly_merged,
                    }
                )
        legacy_districts = []
        for code, province in sorted(districts.items()):
            district = legacy.District.from_code(legacy.DistrictCode(code))
            legacy_districts.append(
                {
                    "code": str(code),
                    "name": short(district.name, district.division_type),
                    "kind": kind_of(district),
                    "province": str(province),
                }
            )
        legacy_provinces = []
        for code in sorted(provinces):
            province = legacy.Province.from_code(legacy.ProvinceCode(code))
            legacy_provinces.append(
                {"code": str(code), "name": short(province.name, province.division_type), "kind": kind_of(province)}
            )

        data = {
            "source": f"vietnam-provinces {version('vietnam-provinces')} (Nghị quyết 202/2025/QH15, 1667/NQ-UBTVQH15)",
            "effective": "2025-07-01",
            "city": {"code": str(CITY), "name": short(city.name, city.division_type), "kind": "city"},
            "units": current,
            "legacy_provinces": legacy_provinces,
            "legacy_districts": legacy_districts,
            "legacy_units": legacy_units,
        }
        path = DATA_DIR / "danang_units.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(
            f"Wrote {len(current)} units, {len(legacy_units)} legacy communes/wards, "
            f"{len(legacy_districts)} legacy districts, {len(legacy_provinces)} legacy provinces to {path}."
        )
