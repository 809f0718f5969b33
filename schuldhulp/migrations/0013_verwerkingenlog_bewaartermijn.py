from django.db import migrations

# The log's own retention (issue 17, point 2; ADR 0011). The trigger still refuses every UPDATE
# and DELETE, except a DELETE of a row older than seven years while the transaction-local
# setting ``schuldhulp.verwerkingenlog_opschonen`` is on. Only the function below turns it on:
# it is SECURITY DEFINER (it runs as the table owner, so a runtime role without DELETE on the
# table can be given EXECUTE on it alone) and not executable by PUBLIC. Whoever sets the
# setting by hand can still only remove rows older than the seven-year floor; a shorter term
# needs a new migration, not a setting.
SQL = """
CREATE OR REPLACE FUNCTION schuldhulp_auditregel_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('schuldhulp.verwerkingenlog_opschonen', true) = 'aan'
       AND OLD.tijdstip < now() - interval '7 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'De verwerkingenlog kan niet worden gewijzigd of verwijderd';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION schuldhulp_verwerkingenlog_opschonen(grens timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    aantal bigint;
BEGIN
    PERFORM set_config('schuldhulp.verwerkingenlog_opschonen', 'aan', true);
    -- Rows about a dossier that still exists stay as long as the dossier (ADR 0011).
    DELETE FROM schuldhulp_auditregel a
     WHERE a.tijdstip < grens
       AND NOT EXISTS (
           SELECT 1 FROM schuldhulp_klant k
            WHERE k.id = a.klant_id AND k.geanonimiseerd_op IS NULL);
    GET DIAGNOSTICS aantal = ROW_COUNT;
    PERFORM set_config('schuldhulp.verwerkingenlog_opschonen', '', true);
    RETURN aantal;
END;
$$;
REVOKE ALL ON FUNCTION schuldhulp_verwerkingenlog_opschonen(timestamptz) FROM PUBLIC;
"""
TERUG = """
DROP FUNCTION IF EXISTS schuldhulp_verwerkingenlog_opschonen(timestamptz);
CREATE OR REPLACE FUNCTION schuldhulp_auditregel_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De verwerkingenlog kan niet worden gewijzigd of verwijderd';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("schuldhulp", "0012_auditregel_gebruiker_protect")]
    operations = [migrations.RunSQL(SQL, TERUG)]
