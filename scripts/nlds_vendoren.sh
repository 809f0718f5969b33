#!/usr/bin/env bash
# Haalt de NL Design System-CSS uit het npm-register en zet alleen de CSS en de licenties in
# schuldhulp/static/nlds/. De uitkomst staat in git: draaien hoeft alleen bij een nieuwe versie.
# Geen CDN en geen node tijdens het draaien van de toepassing (zie docs/adr/0017-nl-design-system.md).
set -euo pipefail

# Exacte versies: een nieuwe versie is een bewuste wijziging (pas hier aan, draai opnieuw, kijk naar
# de schermafdrukken in var/screenshots/ en draai de browsertests).
UTRECHT_CSS="@utrecht/component-library-css@9.0.4"
VOORBEELD_TOKENS="@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1"

hier="$(cd "$(dirname "$0")/.." && pwd)"
doel="$hier/schuldhulp/static/nlds"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

command -v npm >/dev/null || { echo "npm ontbreekt (apt-get install npm)" >&2; exit 1; }

uitpakken() { # $1 = pakket@versie, $2 = map
  (cd "$tmp" && npm pack --silent "$1" >/dev/null)
  mkdir -p "$tmp/$2"
  tar xzf "$tmp"/*.tgz -C "$tmp/$2" --strip-components=1
  rm "$tmp"/*.tgz
}

uitpakken "$UTRECHT_CSS" utrecht
uitpakken "$VOORBEELD_TOKENS" voorbeeld

rm -rf "$doel"
mkdir -p "$doel"
cp "$tmp/utrecht/dist/index.css" "$doel/utrecht-component-library.css"
cp "$tmp/utrecht/LICENSE.md" "$doel/LICENSE-utrecht-component-library-css.md"
cp "$tmp/voorbeeld/dist/theme.css" "$doel/voorbeeld-theme.css"
cp "$tmp/voorbeeld/LICENSE.md" "$doel/LICENSE-voorbeeld-design-tokens.md"
{
  echo "Gevendord door scripts/nlds_vendoren.sh — niet met de hand wijzigen."
  echo "$UTRECHT_CSS (licentie: $(cd "$tmp/utrecht" && node -p "require('./package.json').license"))"
  echo "$VOORBEELD_TOKENS (licentie: $(cd "$tmp/voorbeeld" && node -p "require('./package.json').license"))"
} >"$doel/VERSIES.txt"
echo "NL Design System-CSS staat in $doel:"
ls -l "$doel"
