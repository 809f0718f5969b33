import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")
application = get_wsgi_application()

from schuldhulp.checks import weiger_ontwikkelsleutel_in_productie  # noqa: E402 (after setup)

weiger_ontwikkelsleutel_in_productie()
