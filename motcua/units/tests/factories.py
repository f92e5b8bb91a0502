import factory

from motcua.units.models import AdministrativeUnit, Agency


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{30000 + n}")
    name = factory.Sequence(lambda n: f"Hòa Thử {n}")
    kind = AdministrativeUnit.Kind.COMMUNE
    level = AdministrativeUnit.Level.COMMUNE


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"000.{n % 100:02d}.{n // 100 + 50:02d}.H17")
    name = factory.LazyAttribute(lambda a: f"Ủy ban nhân dân xã {a.unit.name}")
    kind = Agency.Kind.PEOPLES_COMMITTEE
    unit = factory.SubFactory(UnitFactory)
