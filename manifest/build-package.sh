#!/usr/bin/env bash
# Builds manifest/appPackage.zip for Teams. Values come from flags or PARTNERBOT_* environment variables;
# run with --help to list them. Refuses (non-zero exit) when a value is missing or the manifest breaks the schema.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
if [ ! -d "$root/node_modules/ajv-draft-04" ]; then
  (cd "$root" && npm ci --no-audit --no-fund >/dev/null)
fi
exec dotnet run --project "$here/PackageBuilder/PartnerBot.PackageBuilder.csproj" --configuration Release -- "$@"
