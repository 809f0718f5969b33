"""Writes of package agreements, package switches and maatwerk (trajecten.pakket)."""
