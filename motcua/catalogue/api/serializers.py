from rest_framework import serializers

from motcua.catalogue.models import Channel, Fee, Field, LegalBasis, Level, Procedure, RequiredDocument, Step
from motcua.catalogue.records import CHILD_LISTS


def fee_summary(procedure: Procedure) -> str:
    """One line about fees, as the list shows it: amounts when known, the published text otherwise."""
    fees = list(procedure.fees.all())
    if fees:
        parts = []
        for fee in fees:
            label = f"{fee.get_kind_display()}: " if fee.kind else ""
            channel = f" ({fee.get_channel_display().lower()})" if fee.channel else ""
            parts.append(f"{label}{fee.amount_display}{channel}")
        return "; ".join(dict.fromkeys(parts))
    texts = [c.fee_text for c in procedure.channels.all() if c.fee_text]
    return texts[0] if texts else ""


class FieldSerializer(serializers.ModelSerializer):
    procedure_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Field
        fields = ["slug", "name", "procedure_count"]


class ProcessingTimeSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False, allow_null=True)
    unit = serializers.CharField()
    unit_display = serializers.CharField()
    text = serializers.CharField()


class ProcedureListSerializer(serializers.ModelSerializer):
    field = serializers.CharField(source="field.name")
    field_slug = serializers.CharField(source="field.slug")
    level = serializers.ListField(source="levels", child=serializers.ChoiceField(choices=Level.choices))
    online_level = serializers.CharField(help_text="full (toàn trình), partial (một phần) hoặc rỗng")
    online_level_display = serializers.CharField(source="get_online_level_display")
    legacy_online_level = serializers.IntegerField(help_text="Mức độ 1–4 theo cách tính cũ")
    processing_time = serializers.SerializerMethodField()
    fee = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:procedure-detail", lookup_field="code")
    record_status = serializers.ChoiceField(
        choices=Procedure.RecordStatus.choices,
        read_only=True,
        help_text="full: bản ghi đầy đủ, nhận hồ sơ trực tuyến theo mức độ; index_only: mới có thông tin danh mục "
        "(tên, lĩnh vực, cấp, bộ công bố), chưa có thành phần hồ sơ, thời hạn, phí và chưa nhận hồ sơ trực tuyến",
    )

    class Meta:
        model = Procedure
        fields = [
            "id",
            "code",
            "name",
            "record_status",
            "field",
            "field_slug",
            "level",
            "online_level",
            "online_level_display",
            "legacy_online_level",
            "processing_time",
            "fee",
            "url",
            "api_url",
        ]

    def get_processing_time(self, procedure) -> ProcessingTimeSerializer:
        return {
            "value": procedure.time_value,
            "unit": procedure.time_unit,
            "unit_display": procedure.get_time_unit_display() if procedure.time_unit else "",
            "text": procedure.processing_time_display,
        }

    def get_fee(self, procedure) -> str:
        return fee_summary(procedure)

    def get_url(self, procedure) -> str:
        request = self.context.get("request")
        path = procedure_url(procedure)
        return request.build_absolute_uri(path) if request else path


def procedure_url(procedure) -> str:
    from django.urls import reverse

    return reverse("catalogue:detail", args=[procedure.code])


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["order", "title", "description"]


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["kind", "time_value", "time_unit", "time_text", "fee_text", "description"]


class FeeSerializer(serializers.ModelSerializer):
    amount_display = serializers.CharField()

    class Meta:
        model = Fee
        fields = [*CHILD_LISTS["fees"], "amount_display"]  # the exchange format's columns


class DocumentSerializer(serializers.ModelSerializer):
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = RequiredDocument
        fields = [
            "order",
            "group",
            "name",
            "kind",
            "required",
            "condition",
            "note",
            "template_name",
            "template_url",
            "originals",
            "copies",
            "quantity_text",
        ]

    def get_template_url(self, document) -> str | None:
        if not document.template_file:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(document.template_file.url) if request else document.template_file.url


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["name", "number", "date", "issuer"]


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureDetailSerializer(ProcedureListSerializer):
    applicant_types = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    agencies = AgencyRefSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    channels = ChannelSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    legal_basis = LegalBasisSerializer(many=True, read_only=True)
    version = serializers.SerializerMethodField()

    class Meta(ProcedureListSerializer.Meta):
        fields = ProcedureListSerializer.Meta.fields + [
            "status",
            "issuing_body",
            "decision_number",
            "procedure_type",
            "applicant_types",
            "applicant_types_text",
            "agencies",
            "competent_authority",
            "performing_agency_text",
            "receiving_address",
            "conditions",
            "documents_note",
            "result",
            "result_code",
            "result_refusal",
            "legal_basis",
            "steps",
            "channels",
            "fees",
            "documents",
            "related_procedures",
            "source_url",
            "updated_at",
            "version",
        ]

    def get_version(self, procedure) -> int | None:
        latest = procedure.versions.order_by("-number").values_list("number", flat=True).first()
        return latest
