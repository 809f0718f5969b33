"""The national DDAS delivery API (DDAS-SHV.yaml, DDAS-VS.yaml): the CBS fetches a period's
data with ``POST /gegevens``, an OAuth2 client-credentials token (scope ``read``) and a JAdES
payload signature on request and response. See docs/ddas-api.md and ADR 0010.

- ``models.py``, ``admin.py``: the registered afnemers (OAuth2 clients and their gemeenten)
- ``oauth.py``: the bearer token of a request, and the token endpoint's client check
- ``ondertekening.py``, ``sleutels.py``, ``testketen.py``: Digest, JWS detached signatures,
  the configured key, certificate chain and trust anchors
- ``verzoek.py``, ``paginering.py``: the request body and the pages
- ``vroegsignalen.py``: the VS exchange model from the vroegsignalering app
- ``views.py``: the two endpoints through the one gate (``ddas.api.shv`` / ``ddas.api.vs``)
"""
