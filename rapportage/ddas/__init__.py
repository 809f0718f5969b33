"""DDAS v1.0 (Data Dienstverlening Armoede en Schulden): export to and import from the
national exchange model. See docs/ddas.md for the mapping and the access decision."""
