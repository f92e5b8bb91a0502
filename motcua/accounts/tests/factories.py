import factory

from motcua.accounts.models import User

PASSWORD = "Mat-khau-an-toan-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A citizen with a valid personal ID number (it is also their user name)."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    national_id = factory.Sequence(lambda n: f"048{n:09d}")
    username = factory.LazyAttribute(lambda u: u.national_id or u.tax_code)
    kind = User.Kind.CITIZEN
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    phone = factory.Sequence(lambda n: f"0905{n:06d}")
    email = factory.Sequence(lambda n: f"nguoi{n}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgentFactory(UserFactory):
    kind = User.Kind.AGENT
    national_id = None
    username = factory.Sequence(lambda n: f"daily{n}")
    full_name = factory.Sequence(lambda n: f"Bưu điện văn hóa xã {n}")
