"""Thin views: read through selectors, write through services, render server-side.

Every page hangs under ``trajecten/<traject_pk>/``; :func:`selectors.traject_voor` gives 403
to roles without dossiers and 404 for a traject of another gemeente.

One module per subject (plan, acties, schulden, sanering, documenten, contact);
``klantplan/urls.py`` names them directly. Shared helpers live in :mod:`.basis`.
"""
