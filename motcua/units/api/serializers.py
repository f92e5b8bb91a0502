from rest_framework import serializers

from motcua.units.models import AdministrativeUnit, Agency, Counter


class UnitRefSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "kind", "kind_display", "valid_to"]


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    full_name = serializers.CharField()
    is_current = serializers.BooleanField()
    parent = UnitRefSerializer(read_only=True)
    merged_into = UnitRefSerializer(read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = [
            "code",
            "name",
            "full_name",
            "kind",
            "kind_display",
            "level",
            "is_current",
            "valid_from",
            "valid_to",
            "parent",
            "merged_into",
        ]


class UnitDetailSerializer(UnitSerializer):
    successors = UnitRefSerializer(many=True, read_only=True)
    predecessors = UnitRefSerializer(many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = UnitSerializer.Meta.fields + ["successors", "predecessors"]


class CounterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Counter
        fields = ["number", "name", "description"]


class AgencySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "unit",
            "address",
            "phone",
            "email",
            "website",
            "opening_hours",
        ]


class AgencyDetailSerializer(AgencySerializer):
    counters = CounterSerializer(many=True, read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta(AgencySerializer.Meta):
        fields = AgencySerializer.Meta.fields + ["parent", "counters"]
