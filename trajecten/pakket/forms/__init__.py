"""Forms of package agreements and maatwerk."""
