#!/usr/bin/env bash
# Regenerates e2e/adoption/fresh-app/: the output of the current
# `@backstage/create-app` (app name "backstage", --skip-install), as a platform
# team would start from. Kept small: no .git, no Yarn release (the test takes
# the repository's own .yarn/releases), no yarn.lock (its seed needs GitHub).
# Run from anywhere:  e2e/adoption/refresh-fresh-app.sh [create-app version]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="${1:-latest}"
# Node 22 and a yarn shim on PATH, as ./portal sets them up (create-app checks both).
"$ROOT/portal" yarn --version >/dev/null
if [ -x "$ROOT/.tools/node-22/bin/node" ]; then export PATH="$ROOT/.tools/node-22/bin:$PATH"; fi
export PATH="$ROOT/.tools/bin:$PATH"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
echo backstage | npx -y -p "@backstage/create-app@$VERSION" -- backstage-create-app --path ./fresh-app --skip-install >"$WORK/create-app.log" 2>&1 \
  || { cat "$WORK/create-app.log" >&2; exit 1; }
rm -rf fresh-app/.git fresh-app/.yarn fresh-app/yarn.lock
GENERATED_BY="$(npm view "@backstage/create-app@$VERSION" version)"
rm -rf "$HERE/fresh-app"
mv fresh-app "$HERE/fresh-app"
echo "$GENERATED_BY" > "$HERE/fresh-app.version"
echo "e2e/adoption/fresh-app refreshed from @backstage/create-app $GENERATED_BY"
