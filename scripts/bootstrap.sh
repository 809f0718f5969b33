#!/usr/bin/env bash
# Installs what a clean machine lacks: Debian packages (Chromium, poppler, Pango for WeasyPrint,
# fonts, redis-server for the Celery tests) and the Python packages into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PAKKETTEN=(chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
               libharfbuzz-subset0 redis-server)
missend=()
for pakket in "${APT_PAKKETTEN[@]}"; do
  dpkg -s "$pakket" >/dev/null 2>&1 || missend+=("$pakket")
done
if ((${#missend[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "» Debian-pakketten installeren: ${missend[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missend[@]}" >/dev/null
  else
    echo "» Let op: installeer deze pakketten (als root): ${missend[*]}" >&2
  fi
fi

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
stempel=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.stempel 2>/dev/null)" != "$stempel" ]; then
  echo "» Python-pakketten installeren in .venv (requirements.lock)"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  # Exactly the versions CI tested, each checked against its hash (requirements.lock, made
  # from pyproject.toml with uv; README "Ontwikkelen"); then the project itself, no deps.
  .venv/bin/python -m pip install -q --require-hashes -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps -e .
  echo "$stempel" > .venv/.stempel
fi
