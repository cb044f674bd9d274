"""The audit log becomes an append-only hash chain.

Existing rows get their sequence (in primary-key order), previous hash and hash; then, on
PostgreSQL, a trigger refuses UPDATE, DELETE and TRUNCATE on the table.
"""

import django.utils.timezone
from django.db import migrations, models

from diplomatie.audit.chain import GENESIS, compute_hash

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % on table audit_event is refused.', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Events are only ever added; run "diplomatie audit-verify" to check the chain.';
END;
$$;
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""


def build_chain(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    db = schema_editor.connection.alias
    previous = GENESIS
    sequence = 0
    batch = []
    for event in Event.objects.using(db).order_by("pk").iterator(chunk_size=2000):
        sequence += 1
        event.sequence = sequence
        event.prev_hash = previous
        event.hash = compute_hash(
            sequence=sequence,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            ip_address=event.ip_address,
            details=event.details,
            prev_hash=previous,
        )
        previous = event.hash
        batch.append(event)
        if len(batch) >= 2000:
            Event.objects.using(db).bulk_update(batch, ["sequence", "prev_hash", "hash"])
            batch = []
    if batch:
        Event.objects.using(db).bulk_update(batch, ["sequence", "prev_hash", "hash"])


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL, params=None)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="time"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True, verbose_name="sequence"),
        ),
        migrations.AddField(
            model_name="event",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="previous hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(build_chain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="sequence",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="sequence"),
        ),
        migrations.AlterModelOptions(
            name="event",
            options={
                "ordering": ["-sequence"],
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
            },
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["target_type", "target_id"], name="audit_event_target"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["actor", "sequence"], name="audit_event_actor_seq"),
        ),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
