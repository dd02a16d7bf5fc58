#!/usr/bin/env bash
# `npm test`: every check Streamlab has, in the order a failure is cheapest to read.
# Type checks, lint, the format check, then the whole Vitest suite (unit, property, golden, CLI, lesson and browser
# tests), then one closing line `N passed, N failed` that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
export ASTRO_TELEMETRY_DISABLED=1

case "$(node --version)" in
  v24.*) ;;
  *) echo "npm test needs the pinned Node 24 (run it through npm: npm test); got $(node --version)" >&2; exit 1 ;;
esac

# Browser tests drive Debian's Chromium; install it when we are allowed to (CI runs as root).
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests (apt-get)…"
    apt-get update -qq >/dev/null && \
      apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 chromium >/dev/null || {
        echo "Could not install chromium; install it (apt-get install chromium) or set CHROMIUM_PATH." >&2; exit 1; }
  else
    echo "Browser tests need Chromium: apt-get install chromium, or set CHROMIUM_PATH." >&2; exit 1
  fi
fi

status=0
echo "== type check: engine (no DOM, no Node) =="
tsc -p engine/tsconfig.json || status=1
echo "== type check: site, cli, tests =="
# A fresh clone has no .astro/ yet: generate the astro:content types before tsc reads them.
astro sync >/dev/null || status=1
tsc --noEmit -p tsconfig.json || status=1
astro check --minimumSeverity warning >/tmp/streamlab-astro-check.log 2>&1 || { cat /tmp/streamlab-astro-check.log; status=1; }

echo "== lint (type-checked, zero warnings) =="
eslint . --max-warnings 0 || status=1
echo "== format (prettier --check; npm run format fixes it) =="
prettier --check --log-level warn . || status=1

echo "== vitest =="
report="$(mktemp)"
vitest run --reporter=default --reporter=json --outputFile.json="$report"
vitest_status=$?
[ $vitest_status -ne 0 ] && status=1

node -e '
const fs = require("fs");
let r = {};
try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch {}
const passed = r.numPassedTests ?? 0, failed = r.numFailedTests ?? 0;
console.log(`${passed} passed, ${failed} failed`);
if (passed === 0) process.exit(1);
' "$report" || status=1
rm -f "$report"
exit $status
