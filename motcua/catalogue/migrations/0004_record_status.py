"""How complete a procedure's record is (``record_status``: full, or index_only for a procedure
known from the national index alone) and the ministry that published it (``issuing_body``).

On SQLite, adding a column to catalogue_procedure rebuilds the table and drops the full-text
triggers: they are restored as in 0003_parsed_records.
"""

from importlib import import_module

from django.db import migrations, models

restore_search_triggers = import_module("motcua.catalogue.migrations.0003_parsed_records").restore_search_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_parsed_records"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name="procedure",
            name="issuing_body",
            field=models.CharField(blank=True, max_length=200, verbose_name="bộ, ngành công bố"),
        ),
        migrations.AddField(
            model_name="procedure",
            name="record_status",
            field=models.CharField(
                choices=[("full", "Đầy đủ"), ("index_only", "Chỉ có thông tin danh mục (đang hoàn thiện)")],
                default="full",
                max_length=12,
                verbose_name="mức đầy đủ của bản ghi",
            ),
        ),
        migrations.RunPython(restore_search_triggers, restore_search_triggers),
    ]
