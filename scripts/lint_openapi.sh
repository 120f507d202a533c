#!/usr/bin/env bash
# Lints the OpenAPI document with the official Spectral ruleset of the NL API Design Rules
# (tools/adr-linter/linter.yaml, Logius, CC BY 4.0). The document is generated as production serves it
# (config.settings.production with a public HTTPS SITE_URL), then as development serves it.
# Fails on any error, and on any warning under production settings. See docs/api.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SPECTRAL=node_modules/.bin/spectral
if [ ! -x "$SPECTRAL" ]; then echo "Spectral CLI not installed (npm ci): skipped the API Design Rules linter"; exit 0; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=lint-only-not-secret DJANGO_ALLOWED_HOSTS=globalgoalsgemeenten.nl \
  SITE_URL=https://globalgoalsgemeenten.nl DATABASE_URL=sqlite:///"$out"/lint.sqlite3 \
  .venv/bin/python manage.py spectacular --skip-checks --format openapi-json --file "$out/production.json"
DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python manage.py spectacular --skip-checks --format openapi-json --file "$out/dev.json"
echo "== NL API Design Rules linter, production settings (0 errors, 0 warnings required)"
"$SPECTRAL" lint --ruleset tools/adr-linter/linter.yaml --fail-severity=warn "$out/production.json"
echo "== NL API Design Rules linter, development settings (0 errors required; a local http:// server URL may warn)"
"$SPECTRAL" lint --ruleset tools/adr-linter/linter.yaml --fail-severity=error "$out/dev.json"
