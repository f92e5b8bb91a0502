from dataclasses import asdict

from rest_framework import serializers

from motcua.catalogue import routing
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
    online_level = serializers.CharField(
        help_text="full (toàn trình), partial (một phần), none (không cung cấp trực tuyến) hoặc rỗng (chưa xác định)"
    )
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


class SubmissionSerializer(serializers.Serializer):
    ways = serializers.ListField(
        child=serializers.ChoiceField(choices=["online", "counter", "post"]),
        help_text="Cách nộp hồ sơ qua hệ thống: online (trực tuyến), counter (tại bộ phận một cửa), post (bưu chính "
        "công ích); rỗng: không nộp tại đây",
    )
    reason = serializers.CharField(help_text="Vì sao không nộp trực tuyến (hoặc không nộp tại đây) và nộp ở đâu")


class ProcedureDetailSerializer(ProcedureListSerializer):
    applicant_types = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    agencies = AgencyRefSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    channels = ChannelSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    legal_basis = LegalBasisSerializer(many=True, read_only=True)
    version = serializers.SerializerMethodField()
    submission = serializers.SerializerMethodField()
    online_level_set_by = serializers.ChoiceField(
        choices=Procedure._meta.get_field("online_level_set_by").choices, read_only=True
    )

    class Meta(ProcedureListSerializer.Meta):
        fields = ProcedureListSerializer.Meta.fields + [
            "submission",
            "online_level_set_by",
            "online_level_basis",
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

    def get_submission(self, procedure) -> SubmissionSerializer:
        return asdict(routing.ways_to_submit(procedure))

    def get_version(self, procedure) -> int | None:
        latest = procedure.versions.order_by("-number").values_list("number", flat=True).first()
        return latest


class QualityProblemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="index_only, time_limit, documents, fee, result, agency, fee_amount, eform")
    label = serializers.CharField()
    reason = serializers.CharField(help_text="Lý do cụ thể của thủ tục này")
    blocking = serializers.BooleanField(help_text="true: chặn việc giải quyết hồ sơ; false: cảnh báo")


class QualityRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    field = serializers.CharField()
    field_slug = serializers.CharField()
    record_status = serializers.CharField()
    groups = serializers.ListField(
        child=serializers.CharField(), help_text="Mã cơ quan, xa-ubnd, xa-cong-an, chua-giao"
    )
    ready = serializers.BooleanField(help_text="Không có vấn đề chặn xử lý")
    met = serializers.IntegerField(help_text="Số mục đạt")
    total = serializers.IntegerField(help_text="Số mục áp dụng")
    problems = QualityProblemSerializer(many=True)
    admin_url = serializers.SerializerMethodField()

    def get_admin_url(self, row) -> str:
        from django.urls import reverse

        path = reverse("admin:catalogue_procedure_change", args=[row.id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class QualityCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    blocking = serializers.BooleanField()
    count = serializers.IntegerField()


class QualityTotalsSerializer(serializers.Serializer):
    procedures = serializers.IntegerField()
    full = serializers.IntegerField()
    full_due_date = serializers.IntegerField(help_text="Bản ghi đầy đủ có thời hạn tính được ngày hẹn trả")
    ready = serializers.IntegerField(help_text="Không có vấn đề chặn xử lý")


class QualityReportSerializer(serializers.Serializer):
    """The page of the report: totals and counts per problem for the filters (without the problem
    filter, so each count says what choosing it gives), then the procedures."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    totals = QualityTotalsSerializer()
    problems = QualityCountSerializer(many=True)
    results = QualityRowSerializer(many=True)
