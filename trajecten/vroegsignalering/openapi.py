"""The OpenAPI 3 description of the signal partner API, served at /api/v1/openapi.json.

Hand-written, built from the same patterns and bounds the server checks with
(``validatie.py``, ``models.py``), and tested with schemathesis against the app itself.
"""

from __future__ import annotations

from trajecten.vroegsignalering.models import (
    MAX_BEDRAG_CENTEN,
    MAX_MAANDEN,
    Achterstandsoort,
)
from trajecten.vroegsignalering.validatie import (
    BSN_PATROON,
    DATUM_PATROON,
    GEMEENTECODE_PATROON,
    HUISNUMMER_PATROON,
    LENGTES,
    POSTCODE_PATROON,
    SIGNAAL_ID_PATROON,
    TEKST_PATROON,
    TELEFOON_PATROON,
)


def _tekst(veld: str, beschrijving: str, *, verplicht: bool = False, voorbeeld: str = "") -> dict:
    schema: dict = {
        "type": "string",
        "maxLength": LENGTES[veld],
        "pattern": TEKST_PATROON,
        "description": beschrijving,
    }
    if verplicht:
        schema["minLength"] = 1
    else:
        schema["nullable"] = True
    if voorbeeld:
        schema["example"] = voorbeeld
    return schema


def _fout(beschrijving: str, *, headers: dict | None = None) -> dict:
    antwoord: dict = {
        "description": beschrijving,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fouten"}}},
    }
    if headers:
        antwoord["headers"] = headers
    return antwoord


PERSOON = {
    "type": "object",
    "description": (
        "De persoon op wie het signaal betrekking heeft. Signalen voor dezelfde persoon "
        "(zelfde BSN) of hetzelfde huishouden (zelfde postcode en huisnummer) komen samen "
        "in één zaak."
    ),
    "required": ["achternaam", "postcode", "huisnummer"],
    "additionalProperties": False,
    "properties": {
        "bsn": {
            "type": "string",
            "pattern": BSN_PATROON,
            "nullable": True,
            "description": "Burgerservicenummer, als het bekend is. Moet voldoen aan de elfproef.",
            "example": "123456782",
        },
        "voornamen": _tekst("voornamen", "Voornamen of voorletters.", voorbeeld="Tanya"),
        "tussenvoegsel": _tekst("tussenvoegsel", "Tussenvoegsel, bijv. 'van der'."),
        "achternaam": _tekst("achternaam", "Achternaam.", verplicht=True, voorbeeld="Veldkamp"),
        "geboortedatum": {
            "type": "string",
            "format": "date",
            "pattern": DATUM_PATROON,
            "nullable": True,
            "description": "Geboortedatum (JJJJ-MM-DD), niet in de toekomst, niet voor 1900.",
            "example": "1984-05-12",
        },
        "straat": _tekst("straat", "Straatnaam.", voorbeeld="Grotestraat"),
        "huisnummer": {
            "type": "string",
            "pattern": HUISNUMMER_PATROON,
            "maxLength": 10,
            "description": "Huisnummer met eventuele toevoeging, bijv. '12' of '12a'.",
            "example": "12",
        },
        "postcode": {
            "type": "string",
            "pattern": POSTCODE_PATROON,
            "maxLength": 7,
            "description": "Postcode, bijv. '7607 AB' of '7607AB'.",
            "example": "7607 AB",
        },
        "woonplaats": _tekst("woonplaats", "Woonplaats.", voorbeeld="Almelo"),
        "telefoon": {
            "type": "string",
            "pattern": TELEFOON_PATROON,
            "maxLength": LENGTES["telefoon"],
            "nullable": True,
            "description": "Telefoonnummer, bijv. '0546 123456' of '+31 6 12345678'.",
        },
        "email": {
            "type": "string",
            "format": "email",
            "minLength": 3,
            "maxLength": LENGTES["email"],
            "nullable": True,
            "description": "E-mailadres.",
        },
    },
}

VROEGSIGNAAL = {
    "type": "object",
    "required": [
        "gemeentecode",
        "signaal_id",
        "soort_achterstand",
        "bedrag_centen",
        "maanden_achterstand",
        "persoon",
    ],
    "additionalProperties": False,
    "properties": {
        "gemeentecode": {
            "type": "string",
            "pattern": GEMEENTECODE_PATROON,
            "description": (
                "CBS-code van de gemeente waar de persoon woont. U mag alleen leveren voor de "
                "gemeenten waarvoor uw token is ingesteld (anders 403)."
            ),
            "example": "GM0141",
        },
        "signaal_id": {
            "type": "string",
            "pattern": SIGNAAL_ID_PATROON,
            "maxLength": LENGTES["signaal_id"],
            "description": (
                "Uw eigen, unieke kenmerk van dit signaal. Stuurt u hetzelfde kenmerk nog eens, "
                "dan antwoordt de API met 200 en het id van het eerste signaal; er wordt niets "
                "dubbel opgeslagen (de eerste levering geldt)."
            ),
            "example": "WC-2026-000123",
        },
        "soort_achterstand": {
            "type": "string",
            "enum": list(Achterstandsoort.values),
            "description": "Waarop de achterstand is ontstaan.",
        },
        "bedrag_centen": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_BEDRAG_CENTEN,
            "description": "Het bedrag van de achterstand in eurocent (€ 1.234,56 = 123456).",
            "example": 123456,
        },
        "maanden_achterstand": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_MAANDEN,
            "description": "Het aantal maanden dat de betaling achterloopt.",
            "example": 2,
        },
        "datum_ontvangen": {
            "type": "string",
            "format": "date",
            "pattern": DATUM_PATROON,
            "nullable": True,
            "description": (
                "De datum van het signaal (JJJJ-MM-DD), niet in de toekomst en niet voor 2000. "
                "Weggelaten: vandaag. De termijn 'eerste contact binnen 2 weken' telt vanaf de "
                "eerste signaaldatum van de zaak."
            ),
            "example": "2026-05-12",
        },
        "persoon": {"$ref": "#/components/schemas/Persoon"},
    },
}

ONTVANGEN = {
    "type": "object",
    "required": ["id", "signaal_id", "datum_ontvangen"],
    "properties": {
        "id": {"type": "integer", "description": "Ons id van het signaal."},
        "signaal_id": {"type": "string", "description": "Uw kenmerk, zoals ontvangen."},
        "datum_ontvangen": {"type": "string", "format": "date"},
    },
}

FOUTEN = {
    "type": "object",
    "required": ["fouten"],
    "properties": {
        "fouten": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["veld", "melding"],
                "properties": {
                    "veld": {
                        "type": "string",
                        "nullable": True,
                        "description": "Het veld, bijv. 'persoon.bsn'; leeg bij het hele verzoek.",
                    },
                    "melding": {"type": "string", "description": "Wat er mis is (Nederlands)."},
                },
            },
        }
    },
}

WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": "Het verwachte schema: Token.",
        "schema": {"type": "string"},
    }
}

OPENAPI: dict = {
    "openapi": "3.0.3",
    "info": {
        "title": "Schuldhulp – vroegsignalen van vaste-lastenpartners",
        "version": "1.0.0",
        "description": (
            "Woningcorporaties, energieleveranciers, drinkwaterbedrijven en zorgverzekeraars "
            "leveren hier per signaal een betalingsachterstand aan. Authenticatie met de header "
            "`Authorization: Token <token>`; het token krijgt u van de functioneel beheerder "
            "(het wordt één keer getoond). Fouten komen terug als "
            '`{"fouten": [{"veld": ..., "melding": ...}]}`.'
        ),
    },
    "paths": {
        "/api/v1/vroegsignalen": {
            "post": {
                "operationId": "vroegsignaalAanleveren",
                "summary": "Eén signaal van een betalingsachterstand aanleveren",
                "security": [{"token": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Vroegsignaal"}
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Het signaal is opgeslagen.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Ontvangen"}
                            }
                        },
                    },
                    "200": {
                        "description": (
                            "Dit signaal_id was al ontvangen: het id van het eerste signaal, "
                            "er is niets dubbel opgeslagen."
                        ),
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Ontvangen"}
                            }
                        },
                    },
                    "400": _fout("Ongeldige JSON of ongeldige velden; per veld een melding."),
                    "401": _fout("Geen of een onbekend token.", headers=WWW_AUTHENTICATE),
                    "403": _fout("Uw token mag niet leveren voor deze gemeente."),
                    "413": _fout("Het verzoek is te groot."),
                    "415": _fout("De inhoud is geen application/json."),
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapiBeschrijving",
                "summary": "Deze beschrijving (OpenAPI 3)",
                "security": [],
                "responses": {
                    "200": {
                        "description": "De OpenAPI-beschrijving.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "token": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Token <token>`, bijvoorbeeld `Token vs_AbC…`.",
            }
        },
        "schemas": {
            "Vroegsignaal": VROEGSIGNAAL,
            "Persoon": PERSOON,
            "Ontvangen": ONTVANGEN,
            "Fouten": FOUTEN,
        },
    },
}
