"""A vastgesteld klantplan is frozen by the database itself (except for the retention job,
which sets the transaction-local setting klantplan.anonimiseren), and the schuldeiser
register is seeded with typical creditors (no KvK-numbers: we do not invent them)."""

from django.db import migrations

BEVRIEZEN = r"""
CREATE OR REPLACE FUNCTION klantplan_plan_bevroren() RETURNS trigger AS $$
BEGIN
    -- Only the retention job (services.anonimiseer_klant) may blank a fixed plan's texts.
    IF current_setting('klantplan.anonimiseren', true) = 'aan' THEN
        RETURN NEW;
    END IF;
    IF OLD.status = 'vastgesteld' THEN
        RAISE EXCEPTION 'Klantplan versie % is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie.', OLD.versie
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER klantplan_plan_bevroren BEFORE UPDATE ON klantplan_klantplan
    FOR EACH ROW EXECUTE FUNCTION klantplan_plan_bevroren();

-- Doelen and acties of a vastgesteld version: no new rows, and of the existing rows only the
-- progress columns may change (doel.status, actie.gedaan_op).
CREATE OR REPLACE FUNCTION klantplan_onderdeel_bevroren() RETURNS trigger AS $$
DECLARE
    toegestaan text[] := TG_ARGV;
    plan_ids bigint[];
BEGIN
    IF current_setting('klantplan.anonimiseren', true) = 'aan' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        plan_ids := ARRAY[NEW.klantplan_id];
    ELSE
        plan_ids := ARRAY[NEW.klantplan_id, OLD.klantplan_id];
    END IF;
    IF EXISTS (
        SELECT 1 FROM klantplan_klantplan WHERE id = ANY(plan_ids) AND status = 'vastgesteld'
    ) THEN
        IF TG_OP = 'INSERT'
           OR NEW.klantplan_id IS DISTINCT FROM OLD.klantplan_id
           OR (to_jsonb(NEW) - toegestaan) IS DISTINCT FROM (to_jsonb(OLD) - toegestaan) THEN
            RAISE EXCEPTION 'Dit klantplan is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie.'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER klantplan_doel_bevroren BEFORE INSERT OR UPDATE ON klantplan_doel
    FOR EACH ROW EXECUTE FUNCTION klantplan_onderdeel_bevroren('status', 'bijgewerkt_op');

CREATE TRIGGER klantplan_actie_bevroren BEFORE INSERT OR UPDATE ON klantplan_actie
    FOR EACH ROW EXECUTE FUNCTION klantplan_onderdeel_bevroren('gedaan_op', 'bijgewerkt_op');
"""

ONTDOOIEN = r"""
DROP TRIGGER IF EXISTS klantplan_actie_bevroren ON klantplan_actie;
DROP TRIGGER IF EXISTS klantplan_doel_bevroren ON klantplan_doel;
DROP FUNCTION IF EXISTS klantplan_onderdeel_bevroren();
DROP TRIGGER IF EXISTS klantplan_plan_bevroren ON klantplan_klantplan;
DROP FUNCTION IF EXISTS klantplan_plan_bevroren();
"""

# (naam, soort, DDAS-schuldsoort, preferent)
SCHULDEISERS = [
    ("Belastingdienst", "belastingdienst", "Publiek", True),
    ("Dienst Toeslagen", "toeslagen", "Publiek", True),
    ("CJIB", "cjib", "Publiek", False),
    ("DUO", "duo", "Publiek", False),
    ("UWV", "overheid", "Publiek", True),
    ("Sociale Verzekeringsbank", "overheid", "Publiek", True),
    ("Gemeentebelastingen", "overheid", "Publiek", True),
    ("Menzis", "zorgverzekeraar", "Zorg", False),
    ("Zilveren Kruis", "zorgverzekeraar", "Zorg", False),
    ("CZ", "zorgverzekeraar", "Zorg", False),
    ("VGZ", "zorgverzekeraar", "Zorg", False),
    ("Ziekenhuis Groep Twente", "zorgaanbieder", "Zorg", False),
    ("Vattenfall", "energie", "Nuts", False),
    ("Eneco", "energie", "Nuts", False),
    ("Essent", "energie", "Nuts", False),
    ("Vitens", "water", "Nuts", False),
    ("Welbions", "woningcorporatie", "Overig", False),
    ("Mijande Wonen", "woningcorporatie", "Overig", False),
    ("Domijn", "woningcorporatie", "Overig", False),
    ("KPN", "telecom", "Overig", False),
    ("Odido", "telecom", "Overig", False),
    ("Vodafone", "telecom", "Overig", False),
    ("Incassobureau (algemeen)", "incasso", "Overig", False),
    ("Gerechtsdeurwaarder (algemeen)", "deurwaarder", "Overig", False),
]


def zaai(apps, schema_editor):
    Schuldeiser = apps.get_model("klantplan", "Schuldeiser")
    for naam, soort, schuldsoort, preferent in SCHULDEISERS:
        if not Schuldeiser.objects.filter(naam__iexact=naam).exists():
            Schuldeiser.objects.create(
                naam=naam, soort=soort, schuldsoort=schuldsoort, preferent=preferent
            )


class Migration(migrations.Migration):
    dependencies = [("klantplan", "0001_initial")]

    operations = [
        migrations.RunSQL(BEVRIEZEN, ONTDOOIEN),
        migrations.RunPython(zaai, migrations.RunPython.noop),
    ]
