#!/usr/bin/env bash
# Runs the benchmarks: builds in Release, starts Azurite, the bot (authentication on) and a fake Bot Connector,
# prints the figures and writes them to docs/benchmarks.md. Not part of CI.
# ./bench.sh 20 measures 20 s per level instead of 10; ./bench.sh 10 1000 (or BENCH_DIGEST_WORKSPACES=1000) builds the
# digests of 1,000 workspaces instead of 50 (seeding alone then takes many minutes). BENCH_FANOUT_MARGIN_MS=20 tries the
# fan-out with another margin on the rate limiter's windows than the product's 100 ms.
# Fast paths while working on one part: ... --digest-only, ... --fanout-only [--while-enqueuing], ... --outbox-scan-only, ... --two-dispatchers-only, ... --ecosystem-index-only.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "bench.sh: the .NET 10 SDK is not installed." >&2; exit 1; }
if [ ! -x node_modules/.bin/azurite-table ]; then
  npm ci --no-audit --no-fund
fi

dotnet build tests/PartnerBot.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
# A second copy of the bot compiled ahead of time, to show what ReadyToRun does to start-up.
dotnet publish src/PartnerBot.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/bench-r2r --nologo -v quiet -clp:ErrorsOnly
exec dotnet tests/PartnerBot.Benchmarks/bin/Release/net10.0/PartnerBot.Benchmarks.dll "$@"
