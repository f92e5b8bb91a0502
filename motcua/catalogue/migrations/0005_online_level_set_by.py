"""Who set a procedure's online level (the record, or the city with its decision as basis), and
"none" (not offered online) told apart from "" (unknown). Adding the columns rebuilds the table
on SQLite, which drops the full-text index's triggers: restored as in 0003_parsed_records.
"""

from importlib import import_module

from django.db import migrations, models

restore_search_triggers = import_module("motcua.catalogue.migrations.0003_parsed_records").restore_search_triggers


def not_online_when_the_channels_say_so(apps, schema_editor):
    """A full record whose published channels offer no online way was stored with the empty
    level; it now says "none" (not offered online), and the empty level means "unknown"."""
    Procedure = apps.get_model("catalogue", "Procedure")
    offline = (
        Procedure.objects.filter(online_level="", record_status="full", channels__isnull=False)
        .exclude(channels__kind="online")
        .values_list("pk", flat=True)
        .distinct()
    )
    Procedure.objects.filter(pk__in=list(offline)).update(online_level="none")


def back(apps, schema_editor):
    apps.get_model("catalogue", "Procedure").objects.filter(online_level="none").update(online_level="")


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0004_record_status'),
        ('units', '0003_central_branches'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name='procedure',
            name='online_level_basis',
            field=models.CharField(blank=True, help_text='Quyết định của thành phố công bố danh mục dịch vụ công trực tuyến (bắt buộc khi thành phố quyết định).', max_length=300, verbose_name='căn cứ mức độ trực tuyến'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='online_level_set_by',
            field=models.CharField(choices=[('record', 'Theo bản ghi thủ tục (cách thức thực hiện)'), ('city', 'Thành phố quyết định')], default='record', max_length=8, verbose_name='mức độ trực tuyến do'),
        ),
        migrations.AlterField(
            model_name='procedure',
            name='online_level',
            field=models.CharField(blank=True, choices=[('full', 'Toàn trình'), ('partial', 'Một phần'), ('none', 'Không cung cấp trực tuyến'), ('', 'Chưa xác định')], max_length=8, verbose_name='mức độ trực tuyến'),
        ),
        migrations.RunPython(not_online_when_the_channels_say_so, back),
        migrations.AddConstraint(
            model_name='procedure',
            constraint=models.CheckConstraint(condition=models.Q(('online_level__in', ['full', 'partial', 'none', ''])), name='procedure_online_level_valid'),
        ),
        migrations.AddConstraint(
            model_name='procedure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('online_level_set_by', 'city'), _negated=True), models.Q(('online_level_basis', ''), _negated=True), _connector='OR'), name='procedure_city_online_level_has_basis'),
        ),
        migrations.RunPython(restore_search_triggers, restore_search_triggers),
    ]
