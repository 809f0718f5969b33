from django.db import migrations

# TRUNCATE fires no row trigger, so the append-only trigger of 0003 does not see it (issue 17,
# point 3; ADR 0013). The runtime role has no TRUNCATE privilege at all; this statement trigger
# also stops the owner role, `manage.py flush` and a TRUNCATE … CASCADE from another table.
# The one exception: a test database being emptied between transactional tests, where the
# test suite sets the transaction-local ``schuldhulp.testdatabase_leegmaken`` (tests/bouwers/
# leegmaken.py). Whoever can set it still needs the TRUNCATE privilege, i.e. be the owner,
# who can also disable the trigger: it opens nothing the owner did not have.
SQL = """
CREATE FUNCTION schuldhulp_auditregel_niet_leegmaken() RETURNS trigger AS $$
BEGIN
    IF current_setting('schuldhulp.testdatabase_leegmaken', true) = 'aan' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'De verwerkingenlog kan niet worden leeggemaakt';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditregel_niet_leegmaken
    BEFORE TRUNCATE ON schuldhulp_auditregel
    FOR EACH STATEMENT EXECUTE FUNCTION schuldhulp_auditregel_niet_leegmaken();
"""
TERUG = """
DROP TRIGGER IF EXISTS auditregel_niet_leegmaken ON schuldhulp_auditregel;
DROP FUNCTION IF EXISTS schuldhulp_auditregel_niet_leegmaken();
"""


class Migration(migrations.Migration):
    dependencies = [("schuldhulp", "0014_verwerkingenlog_zonder_persoonsgegevens")]
    operations = [migrations.RunSQL(SQL, TERUG)]
