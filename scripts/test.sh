#!/usr/bin/env bash
# The project's one test command: installs what the tests need, builds with warnings as errors,
# runs every test and ends with one line "N passed, N failed". Run from the repo root.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# Plain console output: the terminal logger would rewrite lines and hide the test log in CI.
export MSBUILDTERMINALLOGGER=off

results=Chat.Tests/TestResults

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

# --- system packages: the tests start their own MariaDB/Redis/nginx, drive a browser and a terminal (tmux) ---
missing=()
for pair in mariadbd:mariadb-server mariadb-install-db:mariadb-server redis-server:redis-server nginx:nginx chromium:chromium docker-compose:docker-compose tmux:tmux; do
  have "${pair%%:*}" || missing+=("${pair#*:}")
done
# ICU: the server normalises what people type (NFC), which needs the real globalization data.
ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so' || missing+=(libicu72)
# Emoji (reactions) in the browser tests' screenshots, instead of empty boxes.
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
if [ ${#missing[@]} -gt 0 ]; then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | paste -sd' ')
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages: $packages" >&2
    echo "Run as root: apt-get update && apt-get install -y $packages" >&2
    exit 1
  fi
  echo "Installing $packages"
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $packages
  # Debian starts these services on install; tests only use their own instances, so stop them.
  for service in mariadb redis-server nginx; do
    service "$service" stop >/dev/null 2>&1 || true
  done
fi

# --- web client (optional until Chat.Web has a package.json) ---
web=false
if [ -f Chat.Web/package.json ]; then
  web=true
  (
    cd Chat.Web
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
    # The server serves Chat.Web's build, so build it before the server.
    npm run --if-present build
  )
fi

# --- .NET build and tests ---
dotnet restore Chat.sln
if ! dotnet build Chat.sln -c Release --no-restore -warnaserror; then
  echo "Build failed."
  echo "0 passed, 0 failed"
  exit 1
fi

if ! dotnet format Chat.sln --verify-no-changes --no-restore; then
  echo "Formatting differs from .editorconfig: run 'dotnet format Chat.sln'."
  echo "0 passed, 0 failed"
  exit 1
fi

rm -rf "$results"
dotnet_status=0
dotnet test Chat.sln -c Release --no-build \
  --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" \
  --blame-hang-timeout 20m --blame-hang-dump-type none \
  || dotnet_status=$?

# The benchmark's smoke: every scenario tiny on a real 2-node cluster (and the baseline relay when
# ../shared has it); it counts as one test in the summary.
smoke_status=0
bash bench/run.sh --smoke || smoke_status=$?

web_status=0
if $web; then
  # The page's unit and browser suites (what `npm test` runs), each also writing a JSON report for the summary.
  for suite in unit e2e; do
    (cd Chat.Web && npm run "test:$suite" -- --reporter=default --reporter=json --outputFile="../$results/web-$suite.json") || web_status=$?
  done
fi

# --- summary, read from the TRX <Counters> element(s) ---
count() { local n; n=$(printf '%s\n' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${n:-0}"; }
passed=0
failed=0
while IFS= read -r counters; do
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
done < <(find "$results" -name '*.trx' -exec grep -ho '<Counters [^>]*>' {} + 2>/dev/null || true)
for report in "$results"/web-*.json; do
  [ -f "$report" ] || continue
  json_count() { local n; n=$(grep -o "\"$1\":[0-9]*" "$report" | head -1 | cut -d: -f2); echo "${n:-0}"; }
  passed=$((passed + $(json_count numPassedTests)))
  failed=$((failed + $(json_count numFailedTests)))
done

status=0
if [ "$dotnet_status" -ne 0 ]; then echo "dotnet test exited with code $dotnet_status."; status=1; fi
if [ "$smoke_status" -ne 0 ]; then echo "bench/run.sh --smoke exited with code $smoke_status."; status=1; fi
if [ "$web_status" -ne 0 ]; then echo "npm test in Chat.Web exited with code $web_status."; status=1; fi
if [ $((passed + failed)) -eq 0 ]; then echo "No tests ran."; status=1; fi
if [ "$smoke_status" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$failed" -ne 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit "$status"
