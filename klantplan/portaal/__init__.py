"""Mijn Schuldhulp: the portal for the klant, logged in with DigiD (docs/portaal.md, ADR 0019)."""
