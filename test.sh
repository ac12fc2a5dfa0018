#!/usr/bin/env bash
# Runs every test of the solution, browser tests included, against a fresh in-memory Azurite on a
# free port. Installs what is missing first. Ends with one line "N passed, M failed"; exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '%s\n' "$*"; }
fail() { printf 'test.sh: %s\n' "$*" >&2; say "0 passed, 0 failed"; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"; }

command -v dotnet >/dev/null || fail "the .NET 10 SDK is not installed (https://dot.net)."
command -v node >/dev/null && command -v npm >/dev/null || fail "Node.js 20 (with npm) is not installed (https://nodejs.org)."

# npm records what it installed in node_modules/.package-lock.json; a newer lock file means packages changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing the JavaScript tools (Azurite, the Agents Playground, Adaptive Cards)..."
  npm ci --no-audit --no-fund
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Chromium for the browser tests..."
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  else
    fail "Chromium is missing at /usr/bin/chromium. Install it (sudo apt-get install chromium) or run ./test.sh as root."
  fi
fi

AZURITE_PORT="$(free_port)"
RESULTS="$(pwd)/TestResults/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$RESULTS"
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$AZURITE_PORT" --inMemoryPersistence \
  --skipApiVersionCheck --disableProductStyleUrl --silent >"$RESULTS/azurite.log" 2>&1 &
AZURITE_PID=$!
trap 'kill "$AZURITE_PID" 2>/dev/null || true; wait "$AZURITE_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  port_in_use "$AZURITE_PORT" && break
  kill -0 "$AZURITE_PID" 2>/dev/null || { cat "$RESULTS/azurite.log" >&2; fail "Azurite did not start (log above)."; }
  sleep 0.1
done
port_in_use "$AZURITE_PORT" || fail "Azurite did not open port $AZURITE_PORT within 30 seconds."
say "Azurite (in memory) is running on 127.0.0.1:$AZURITE_PORT"

export PARTNERBOT_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"
# Playwright must use Debian's Chromium, never download one.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

status=0
dotnet test PartnerBot.sln --nologo --logger trx --results-directory "$RESULTS" 2>&1 | tee "$RESULTS/dotnet-test.log" || status=$?

# Each test assembly prints one line: "Passed!  - Failed:     0, Passed:    38, Skipped: ..." (or "Failed!  - ...").
passed=0
failed=0
while read -r f p; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(sed -n 's/^\(Passed\|Failed\)!  *- *Failed: *\([0-9]*\), *Passed: *\([0-9]*\),.*/\2 \3/p' "$RESULTS/dotnet-test.log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  say "dotnet test failed before or outside the tests (build error or a crashed test host); see above."
fi
say "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
