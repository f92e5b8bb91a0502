import json

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from motcua.accounts.validators import validate_national_id
from motcua.dossiers import lifecycle, selectors
from motcua.dossiers.models import Delivery, Dossier, DossierFile, Event, Status


@extend_schema_field(
    inline_serializer(
        "DossierStatus",
        {
            "code": serializers.IntegerField(help_text="Mã trạng thái theo Cổng DVC quốc gia (1–10)"),
            "name": serializers.CharField(),
        },
    )
)
class StatusField(serializers.Field):
    """The national code (1–10) with its Vietnamese name."""

    def to_representation(self, value):
        return {"code": value, "name": Status(value).label}


class EventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display")
    actor = serializers.CharField(source="actor.full_name", default="")

    class Meta:
        model = Event
        fields = ["at", "action", "action_display", "from_status", "to_status", "note", "actor"]


class FileSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierFile
        fields = [
            "id",
            "document_order",
            "document_name",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
        ]


class DossierListSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    agency = serializers.CharField(source="agency.code", default=None)
    status = StatusField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = ["code", "procedure", "procedure_name", "agency", "status", "submitted_at", "due_at", "url"]

    def get_url(self, dossier) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/dossiers/{dossier.code}")


class DossierSerializer(DossierListSerializer):
    applicant = serializers.CharField(source="applicant.full_name")
    submitted_by = serializers.CharField(source="submitted_by.full_name")
    events = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    supplement_request = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="Các thao tác người gọi được thực hiện với hồ sơ lúc này (bảng vòng đời hồ sơ, docs/lifecycle.md)."
    )

    class Meta(DossierListSerializer.Meta):
        fields = DossierListSerializer.Meta.fields + [
            "applicant",
            "submitted_by",
            "consent_method",
            "form_data",
            "delivery",
            "delivery_address",
            "fee_exemption",
            "events",
            "files",
            "supplement_request",
            "actions",
        ]

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, dossier) -> list[dict]:
        # Through the selector: each event's actor in the same query, not one query per event.
        return EventSerializer(selectors.timeline(dossier), many=True).data

    def get_files(self, dossier) -> list[dict]:
        return FileSerializer(dossier.files.filter(removed_at__isnull=True), many=True).data

    def get_actions(self, dossier) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return sorted(lifecycle.allowed(dossier, user)) if user is not None and user.is_authenticated else []

    def get_supplement_request(self, dossier) -> dict | None:
        request = getattr(dossier, "supplement_request", None)
        if request is None:
            return None
        return {
            "reason": request.reason,
            "items": request.items,
            "requested_at": request.requested_at,
            "answered_at": request.answered_at,
        }


class JSONObjectField(serializers.JSONField):
    """A JSON object, given as JSON or (in a multipart request) as a JSON string."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError("Phải là một đối tượng JSON hợp lệ.") from None
        if not isinstance(data, dict):
            raise serializers.ValidationError("Phải là một đối tượng JSON.")
        return data


class OnBehalfSerializer(serializers.Serializer):
    national_id = serializers.CharField(max_length=12, validators=[validate_national_id])
    full_name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=20)


class DossierCreateSerializer(serializers.Serializer):
    procedure = serializers.CharField(help_text="Mã thủ tục, ví dụ 1.001193")
    form_data = JSONObjectField(help_text="Giá trị tờ khai theo lược đồ của GET /api/v1/procedures/{code}/form")
    agency = serializers.CharField(required=False, help_text="Mã cơ quan tiếp nhận; mặc định theo nơi cư trú")
    delivery = serializers.ChoiceField(choices=Delivery.choices, default=Delivery.ONLINE)
    delivery_address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    fee_exemption = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="Căn cứ miễn phí, lệ phí (nếu có)."
    )
    on_behalf_of = JSONObjectField(
        required=False, help_text="Đại lý: {national_id, full_name, phone} của người yêu cầu"
    )
    consent_method = serializers.CharField(required=False, allow_blank=True, max_length=300)
    store_items = serializers.JSONField(
        required=False, help_text='Giấy tờ trong kho dữ liệu: [{"document": số thứ tự thành phần, "item": id}]'
    )
    documents = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Tệp đính kèm; trường tệp đặt tên document_<số thứ tự thành phần> (ví dụ document_5)",
    )


class SupplementSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)
    documents = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Tệp: trường document_<số thứ tự>"
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Số định danh cá nhân, mã số thuế hoặc tên đăng nhập")
    password = serializers.CharField(style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class PublicStatusSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    agency = serializers.CharField(source="agency.name")
    status = StatusField()

    class Meta:
        model = Dossier
        fields = ["code", "procedure", "procedure_name", "agency", "status", "submitted_at", "due_at"]
