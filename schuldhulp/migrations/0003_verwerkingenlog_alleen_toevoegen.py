from django.db import migrations

# The verwerkingenlog is append-only, also for anyone with SQL access through the app's role.
SQL = """
CREATE OR REPLACE FUNCTION schuldhulp_auditregel_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De verwerkingenlog kan niet worden gewijzigd of verwijderd';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditregel_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON schuldhulp_auditregel
    FOR EACH ROW EXECUTE FUNCTION schuldhulp_auditregel_alleen_toevoegen();
"""
TERUG = """
DROP TRIGGER IF EXISTS auditregel_alleen_toevoegen ON schuldhulp_auditregel;
DROP FUNCTION IF EXISTS schuldhulp_auditregel_alleen_toevoegen();
"""


class Migration(migrations.Migration):
    dependencies = [("schuldhulp", "0002_verwerkingenlog")]
    operations = [migrations.RunSQL(SQL, TERUG)]
