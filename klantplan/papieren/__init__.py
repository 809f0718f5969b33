"""The papers of a traject (voorlegger): the checklist, uploads and their review (issue 16)."""
