"""On PostgreSQL the database itself refuses to change or delete audit rows.

The one change allowed is Django's own when an account is deleted: the actor's foreign key set
to NULL (the copied name stays). SQLite (`make run`) has no such trigger: there the admin's
missing change and delete permissions are the only guard.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION staff_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
        AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER staff_auditevent_append_only
    BEFORE UPDATE OR DELETE ON staff_auditevent
    FOR EACH ROW EXECUTE FUNCTION staff_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS staff_auditevent_append_only ON staff_auditevent;
DROP FUNCTION IF EXISTS staff_auditevent_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("staff", "0002_second_factors_and_lockouts")]

    operations = [migrations.RunPython(create, drop)]
