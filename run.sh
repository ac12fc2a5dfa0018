#!/usr/bin/env bash
# Runs PartnerBot locally: Azurite (Table Storage) with its data in .azurite/, the bot on
# http://localhost:3978 in Development, and the Microsoft 365 Agents Playground (Microsoft's Teams
# emulator, mocked as in .m365agentsplayground.yml) on http://localhost:56150 to chat with it.
# Ctrl+C stops all three. PORT=4000 ./run.sh uses another port for the bot.
set -euo pipefail
cd "$(dirname "$0")"

BOT_PORT="${PORT:-3978}"
AZURITE_PORT=10002
PLAYGROUND_PORT=56150
PIDS=()

say() { printf '%s\n' "$*"; }
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"; }
wait_for_port() { # port seconds pid
  for _ in $(seq 1 $(($2 * 10))); do
    port_in_use "$1" && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  say "Stopped."
}
trap stop EXIT
trap 'exit 130' INT TERM

command -v dotnet >/dev/null || fail "the .NET 10 SDK is not installed (https://dot.net)."
command -v node >/dev/null && command -v npm >/dev/null || fail "Node.js 20 (with npm) is not installed (https://nodejs.org)."

# npm records what it installed in node_modules/.package-lock.json; a newer lock file means packages changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing the JavaScript tools (Azurite, the Microsoft 365 Agents Playground)..."
  npm ci --no-audit --no-fund
fi

if port_in_use "$BOT_PORT"; then
  fail "port $BOT_PORT is already taken by another program. Stop it, or choose another port: PORT=4000 ./run.sh"
fi

if port_in_use "$AZURITE_PORT"; then
  AZURITE_PORT="$(free_port)"
  say "Port 10002 (Azurite's default) is taken by another program; starting Azurite on port $AZURITE_PORT instead."
fi

if port_in_use "$PLAYGROUND_PORT"; then
  PLAYGROUND_PORT="$(free_port)"
  say "Port 56150 (the Agents Playground's default) is taken by another program; starting the playground on port $PLAYGROUND_PORT instead."
fi

mkdir -p .azurite
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$AZURITE_PORT" --location .azurite \
  --skipApiVersionCheck --disableProductStyleUrl --silent >.azurite/azurite.log 2>&1 &
PIDS+=($!)
wait_for_port "$AZURITE_PORT" 30 "${PIDS[0]}" || { cat .azurite/azurite.log >&2; fail "Azurite did not start (log above)."; }
say "Azurite (Table Storage) is running on 127.0.0.1:$AZURITE_PORT with its data in .azurite/"

say "Building PartnerBot..."
dotnet build src/PartnerBot.Web -c Debug --nologo -v quiet -clp:ErrorsOnly

export ASPNETCORE_ENVIRONMENT=Development
export Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"
# The content root is the project folder: appsettings*.json live there, and node_modules is found above it.
(cd src/PartnerBot.Web && exec dotnet bin/Debug/net10.0/PartnerBot.Web.dll --urls "http://localhost:$BOT_PORT") &
PIDS+=($!)
wait_for_port "$BOT_PORT" 60 "${PIDS[1]}" || fail "the bot did not start (see its log above)."

# The playground mocks Teams (tenant, people, team, channels) as .m365agentsplayground.yml says; its log goes beside
# Azurite's, and it opens no browser of its own: the address below is where to chat.
M365_AGENTS_PLAYGROUND_CONFIG_PATH="$PWD/.m365agentsplayground.yml" M365_AGENTS_PLAYGROUND_LOGFILE="$PWD/.azurite/agentsplayground.log" \
  TEAMSAPPTESTER_BROWSER=none node_modules/.bin/agentsplayground -e "http://localhost:$BOT_PORT/api/messages" -c msteams \
  -p "$PLAYGROUND_PORT" --dt >.azurite/agentsplayground.out 2>&1 &
PIDS+=($!)
# It says where it listens: another port than asked when that one was taken in the meantime.
LISTENING=""
for _ in $(seq 1 600); do
  LISTENING="$(grep -o 'Listening on [0-9]*' .azurite/agentsplayground.out 2>/dev/null | grep -o '[0-9]*$' || true)"
  [ -n "$LISTENING" ] && break
  kill -0 "${PIDS[2]}" 2>/dev/null || break
  sleep 0.1
done
[ -n "$LISTENING" ] || { cat .azurite/agentsplayground.out >&2; fail "the Agents Playground did not start (output above)."; }
if [ "$LISTENING" != "$PLAYGROUND_PORT" ]; then
  say "Port $PLAYGROUND_PORT was taken meanwhile; the Agents Playground is on port $LISTENING instead."
  PLAYGROUND_PORT="$LISTENING"
fi

say ""
say "PartnerBot is running."
say "  Chat with it in the Microsoft 365 Agents Playground: http://localhost:$PLAYGROUND_PORT/"
say "    (a mocked Teams: Personal Chat, Group Chat, the channels of My Team - post '@PartnerBot help' there -"
say "    and Mock an Activity for installs and member changes; the Log Panel shows every call and its status)"
say "  Bot endpoint (this machine only):   http://localhost:$BOT_PORT/api/messages"
say "  (Without Bot__AppId no token is checked, so calls through a tunnel are refused; set the Bot__ settings to use one.)"
say "  Health:                            http://localhost:$BOT_PORT/health"
say "Press Ctrl+C to stop the playground, the bot and Azurite."
wait -n "${PIDS[1]}" "${PIDS[2]}"
