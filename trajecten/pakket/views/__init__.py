"""Screens of package agreements (afspraken.py) and maatwerk per traject (maatwerk.py)."""
