# Production-like image for docker-compose.yml (web, worker, beat share it).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Exactly the versions CI tested, each checked against its hash (as scripts/bootstrap.sh does);
# the lock holds the test extra too (one lock for all). The project itself then without deps.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY schuldhulp schuldhulp
COPY trajecten trajecten
COPY klantplan klantplan
COPY rapportage rapportage
COPY demo demo
COPY templates templates
COPY manage.py ./
RUN pip install --no-cache-dir --no-deps . && DJANGO_SECRET_KEY=build DATABASE_URL=postgres://x@localhost/x \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 schuldhulp && mkdir -p /app/var && chown schuldhulp /app/var
USER schuldhulp
EXPOSE 8000
CMD ["gunicorn", "schuldhulp.wsgi", "-b", "0.0.0.0:8000", "-w", "3"]
