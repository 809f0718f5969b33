#!/usr/bin/env bash
# De hele schaalmeting van issue 21 opnieuw, op bestaande databases, met één commando:
#
#   bench/schaal.sh schaal_150k schaal_1m          # elke database die demo_data vulde
#   HERHAAL=25 GEBRUIKERS=50 DUUR=120 bench/schaal.sh schaal_150k schaal_1m
#
# Per database: bench/paginas.py (p50/p95 per pagina, queries, de eerste pagina tegen
# handgeschreven SQL, EXPLAIN (ANALYZE, BUFFERS) van elke eerste pagina in
# bench/plannen/<database>/) en bench/belasting.py (GEBRUIKERS gebruikers, DUUR seconden).
# Daarna één markdown-tabel met de databases naast elkaar (bench/naast_elkaar.py).
# Alles gaat ook naar bench/uitkomsten/<datum>/ (de ruwe uitvoer en de JSON).
# De databases maken: zie bench/README.md ("Schaal als gewoonte").
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,12p' "$0"; exit 2; }
SERVER=${SERVER:-postgres://postgres@127.0.0.1:5432}
HERHAAL=${HERHAAL:-25}
GEBRUIKERS=${GEBRUIKERS:-50}
DUUR=${DUUR:-120}
UIT=bench/uitkomsten/$(date -u +%Y-%m-%dT%H%M)
mkdir -p "$UIT"
echo "# Schaalmeting $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
jsons=()
for db in "$@"; do
    echo
    echo "## $db"
    echo
    export DATABASE_URL="$SERVER/$db"
    .venv/bin/python bench/paginas.py --herhaal "$HERHAAL" --json "$UIT/$db.json" 2>&1 \
        | grep -v -e UserWarning -e mw_instance | tee "$UIT/$db-paginas.md"
    echo
    echo "### Belasting, $GEBRUIKERS gebruikers ($db)"
    echo
    .venv/bin/python bench/belasting.py --gebruikers "$GEBRUIKERS" --duur "$DUUR" 2>&1 \
        | tee "$UIT/$db-belasting.md" || echo "(belasting: fouten, zie hierboven)"
    jsons+=("$UIT/$db.json")
done
echo
echo "## Naast elkaar"
echo
.venv/bin/python bench/naast_elkaar.py "${jsons[@]}" | tee "$UIT/naast-elkaar.md"
echo
echo "Uitvoer: $UIT/; plannen: bench/plannen/<database>/; load average nu $(cut -d' ' -f1-3 /proc/loadavg)"
