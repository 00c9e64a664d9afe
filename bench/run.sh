#!/usr/bin/env bash
# The benchmark: the product (2 nodes, scripts/cluster.sh) and the baseline relay (../shared/baseline-relay,
# 2 nodes) side by side, each behind its own nginx made from nginx/chat.conf, both on the cluster's Redis,
# driven with identical load by bench/Chat.Bench. Everything listens on free loopback ports and lives in a
# temp folder; everything started here is stopped on exit.
#
#   bench/run.sh            full run: writes bench/results.json and BENCHMARKS.md (15 to 30 minutes)
#   bench/run.sh --smoke    every scenario tiny, results in a temp folder; exit 1 on anything lost,
#                           duplicated or refused (scripts/test.sh runs it)
#
# Options: --smoke, --out DIR (results.json and BENCHMARKS.md go there instead), --keep (keep the temp
# folder and its logs); anything else goes to the load generator (--rates 500,1000 --idle 5000 ...; see
# `dotnet bench/Chat.Bench/bin/Release/net10.0/Chat.Bench.dll --help`). CHAT_BASELINE_RELAY moves the relay's
# source (default ../shared/baseline-relay next to the repo).
set -euo pipefail

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDTERMINALLOGGER=off
export PATH="$PATH:/usr/sbin:/sbin"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
relay_source=${CHAT_BASELINE_RELAY:-$repo/../shared/baseline-relay}
# shellcheck source=../nginx/local-nginx.sh
source "$repo/nginx/local-nginx.sh"

log() { echo "bench: $*"; }
die() { echo "bench: $*" >&2; exit 1; }

smoke=false keep=false out="" idle=15000
tool_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) smoke=true idle=100 ;;
    --keep) keep=true ;;
    --out) out=${2:?--out needs a folder}; shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *)
      # The idle count sizes nginx; the generator reads it too.
      if [ "$1" = --idle ] && [ $# -gt 1 ]; then idle=$2; fi
      tool_args+=("$1")
      ;;
  esac
  shift
done

with_relay=true
if [ ! -f "$relay_source/Program.cs" ]; then
  $smoke || die "the baseline relay is missing ($relay_source): the full run measures the product against it and cannot run without it"
  with_relay=false
  echo "bench: ##########################################################################" >&2
  echo "bench: WARNING: no baseline relay at $relay_source" >&2
  echo "bench: WARNING: the smoke runs the product alone, without the comparison" >&2
  echo "bench: ##########################################################################" >&2
fi

# 15 000 idle connections are 15 000 sockets in the generator and twice that in nginx.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ $(ulimit -n) =~ ^[0-9]+$ ]] && (($(ulimit -n) < idle + 1000)); then
  log "warning: 'ulimit -n' is $(ulimit -n), too low for $idle idle connections; raise the hard limit"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/chat-bench.XXXXXX")
logs=$work/logs
cluster_dir=$work/cluster
relay_app=$work/relay-app
relay_nginx=$work/relay-nginx
mkdir -p "$logs"
if [ -z "$out" ]; then
  if $smoke; then out=$work/out; fi
fi
if [ -n "$out" ]; then
  mkdir -p "$out"
  json=$out/results.json markdown=$out/BENCHMARKS.md
else
  json=$repo/bench/results.json markdown=$repo/BENCHMARKS.md
fi

# --- cleanup: stop exactly what was started -----------------------------------------------------------

started_pids=()
cleanup() {
  local status=$? pid left
  set +e
  trap - EXIT INT TERM
  if [ -s "$relay_nginx/nginx.pid" ]; then started_pids+=("$(cat "$relay_nginx/nginx.pid")"); fi
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${started_pids[@]}"; do
    left=100
    while kill -0 "$pid" 2>/dev/null && ((left-- > 0)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [ -f "$cluster_dir/cluster.env" ]; then
    CHAT_CLUSTER_DIR=$cluster_dir bash "$repo/scripts/cluster.sh" down >"$logs/cluster-down.log" 2>&1 ||
      echo "bench: cluster.sh down failed; see $logs/cluster-down.log" >&2
  fi
  if $keep || [ "$status" -ne 0 ]; then
    log "the temp folder with every log is kept: $work"
  else
    # The results of a smoke live in the temp folder; keep those, drop the databases and builds.
    rm -rf "$cluster_dir" "$relay_app" "$work/relay-src" "$relay_nginx"
    [ "$out" = "$work/out" ] || rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- free loopback ports, below the ephemeral range so that no outgoing connection takes one meanwhile --

taken=" "
port_free() { [[ $taken != *" $1 "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports() { # variable count: the first of count consecutive free ports
  local candidate i ok attempt
  for ((attempt = 0; attempt < 500; attempt++)); do
    candidate=$((20000 + RANDOM % 12000)) ok=true
    for ((i = 0; i < $2; i++)); do port_free $((candidate + i)) || { ok=false; break; }; done
    if $ok; then
      for ((i = 0; i < $2; i++)); do taken+="$((candidate + i)) "; done
      printf -v "$1" '%s' "$candidate"
      return
    fi
  done
  die "no free loopback ports"
}

# ms_until url pid: milliseconds from $start_ns until url answers 200, polling every 50 ms; fails if pid dies.
ms_until() {
  local deadline=$((SECONDS + 60))
  until curl -fsS -m 1 -o /dev/null "$1" 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
  echo $((($(date +%s%N) - start_ns) / 1000000))
}

# --- build --------------------------------------------------------------------------------------------

log "building bench/Chat.Bench (Release)"
dotnet build "$repo/bench/Chat.Bench/Chat.Bench.csproj" -c Release -nologo -v q >"$logs/bench-build.log" 2>&1 ||
  { tail -n 30 "$logs/bench-build.log" >&2; die "building bench/Chat.Bench failed"; }
bench_dll=$repo/bench/Chat.Bench/bin/Release/net10.0/Chat.Bench.dll

if $with_relay; then
  # Built outside the repo, so our Directory.Build.props and central package versions never apply to it.
  log "building the baseline relay in $work/relay-src"
  cp -r "$relay_source" "$work/relay-src"
  chmod -R u+w "$work/relay-src"
  rm -rf "$work/relay-src/bin" "$work/relay-src/obj"
  dotnet build "$work/relay-src" -c Release -nologo -v q -o "$relay_app" >"$logs/relay-build.log" 2>&1 ||
    { tail -n 30 "$logs/relay-build.log" >&2; die "building the baseline relay failed"; }
fi

# --- the product: scripts/cluster.sh with 2 nodes --------------------------------------------------------

free_ports entry_port 1
free_ports base_port 2
free_ports mariadb_port 1
free_ports redis_port 1
nginx_connections=$((2 * idle + 1024))
((nginx_connections >= 32768)) || nginx_connections=32768
# Both stacks' nodes: idle thread-pool workers spin before they sleep, and on 2 cores shared by a dozen
# processes that spinning is CPU everyone else loses (measured: the relay's knee 6000 -> 10 000 msg/s).
runtime_env=(DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)
# Every client comes from 127.0.0.1, so the per-address and per-connection limits would measure themselves.
product_env=("${runtime_env[@]}" Accounts__RequestsPerMinutePerAddress=1000000 Hub__MessageBurst=100000 Hub__MessagesPerSecond=100000)

log "starting the product: 2 nodes behind http://127.0.0.1:$entry_port (cluster.sh, logs in $cluster_dir/logs)"
env "${product_env[@]}" CHAT_CLUSTER_DIR="$cluster_dir" CHAT_ENTRY_PORT="$entry_port" CHAT_BASE_PORT="$base_port" \
  CHAT_MARIADB_PORT="$mariadb_port" CHAT_REDIS_PORT="$redis_port" CHAT_NGINX_WORKER_CONNECTIONS="$nginx_connections" \
  bash "$repo/scripts/cluster.sh" up 2

run=$cluster_dir/run
pid_file() { tr -dc '0-9' <"$1"; }
procs=(--proc "product:node1=$(pid_file "$run/node1.pid")" --proc "product:node2=$(pid_file "$run/node2.pid")"
  --proc "product:mariadb=$(pid_file "$run/mariadb.pid")" --proc "shared:redis=$(pid_file "$run/redis.pid")")
nginx_procs() { # stack master: the master and its workers
  local i=1 worker
  procs+=(--proc "$1:nginx=$2")
  for worker in $(pgrep -P "$2"); do
    procs+=(--proc "$1:nginx-w$i=$worker")
    i=$((i + 1))
  done
}
nginx_procs product "$(pid_file "$run/nginx.pid")"

# --- the relay: 2 nodes and an nginx of its own, on the cluster's Redis ---------------------------------

relay_args=()
if $with_relay; then
  relay_ports=()
  for i in 1 2; do
    free_ports port 1
    (cd "$relay_app" && exec env "${runtime_env[@]}" dotnet BaselineRelay.dll --urls "http://127.0.0.1:$port" \
      --ConnectionStrings:Redis "127.0.0.1:$redis_port" --NodeId "$i") </dev/null >"$logs/relay$i.log" 2>&1 &
    started_pids+=($!)
    relay_ports+=("$port")
    procs+=(--proc "relay:node$i=$!")
  done
  for i in 0 1; do
    start_ns=$(date +%s%N)
    ms_until "http://127.0.0.1:${relay_ports[$i]}/healthz" "${started_pids[$i]}" >/dev/null ||
      { tail -n 30 "$logs/relay$((i + 1)).log" >&2; die "relay node $((i + 1)) did not start"; }
  done

  free_ports relay_port 1
  # The same nginx as scripts/cluster.sh's, so both stacks get the same entry.
  write_local_nginx "$relay_nginx" "$relay_port" "$nginx_connections" "$relay_nginx/nginx.pid" \
    "$logs/relay-nginx-error.log" "$logs/relay-nginx-access.log" "${relay_ports[@]}"
  nginx -p "$relay_nginx" -c "$relay_nginx/nginx.conf" >>"$logs/relay-nginx-error.log" 2>&1 ||
    { tail -n 30 "$logs/relay-nginx-error.log" >&2; die "the relay's nginx did not start"; }
  for _ in $(seq 100); do [ -s "$relay_nginx/nginx.pid" ] && break; sleep 0.1; done
  relay_master=$(pid_file "$relay_nginx/nginx.pid")
  start_ns=$(date +%s%N)
  ms_until "http://127.0.0.1:$relay_port/healthz" "$relay_master" >/dev/null || die "the relay's nginx does not answer"
  nginx_procs relay "$relay_master"
  relay_args=(--relay "http://127.0.0.1:$relay_port")
  log "relay: 2 nodes behind http://127.0.0.1:$relay_port"
fi

# --- ready: how long a fresh node takes, next to the running ones ---------------------------------------
# Three starts of each stack; the median counts (one start on this VM can take a second longer).

median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
ready=()
password=$(cat "$cluster_dir/mariadb/chat.password")
version=$(mariadbd --version | sed -n 's/.* Ver \([0-9]*\.[0-9]*\.[0-9]*\)-MariaDB.*/\1-mariadb/p')
start_product() { # PORT: a node with the environment scripts/cluster.sh gives its nodes
  (cd "$cluster_dir/app" && exec env "${product_env[@]}" Database__Provider=MySql \
    "ConnectionStrings__Chat=Server=127.0.0.1;Port=$mariadb_port;User ID=chat;Password=$password;Database=chat" \
    ${version:+"Database__ServerVersion=$version"} "ConnectionStrings__Redis=127.0.0.1:$redis_port" Cluster__NodeId=ready \
    dotnet "$cluster_dir/app/Chat.Server.dll" --urls "http://127.0.0.1:$1") </dev/null >"$logs/ready-product.log" 2>&1 &
}
start_relay() { # PORT
  (cd "$relay_app" && exec env "${runtime_env[@]}" dotnet BaselineRelay.dll --urls "http://127.0.0.1:$1" \
    --ConnectionStrings:Redis "127.0.0.1:$redis_port" --NodeId 3) </dev/null >"$logs/ready-relay.log" 2>&1 &
}
time_ready() { # STACK HEALTH-PATH: three starts, the median goes to the report
  local times=() ms
  for _ in 1 2 3; do
    free_ports extra_port 1
    start_ns=$(date +%s%N)
    "start_$1" "$extra_port"
    extra=$!
    started_pids+=("$extra")
    ms=$(ms_until "http://127.0.0.1:$extra_port$2" "$extra") || { tail -n 30 "$logs/ready-$1.log" >&2; die "the extra $1 node never got ready"; }
    times+=("$ms")
    kill -TERM "$extra"
    wait "$extra" 2>/dev/null || true
  done
  ready+=(--ready "$1=$(median "${times[@]}")")
  log "a fresh $1 node answered $2 after ${times[*]} ms (median counts)"
}
time_ready product /healthz/ready
if $with_relay; then
  time_ready relay /healthz
fi

# --- the load ---------------------------------------------------------------------------------------------

commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$repo" diff --quiet HEAD 2>/dev/null || commit="$commit+changes"
mode=()
$smoke && mode=(--smoke)
log "running the load generator; results: $json and $markdown"
status=0
# Socket completions run on the generator's I/O threads, not queued to its pool: one hop less per frame.
# Nice -10: on 2 saturated cores the servers' threads otherwise starve the one sending thread, and its sends
# ran 50 ms late at 12 000 msg/s (a generator-bound knee); at -10 they stay within 5 ms up to the relay's
# own knee. Its CPU is still measured and reported. Without root, nice warns and runs it unchanged.
DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 nice -n -10 dotnet "$bench_dll" --product "http://127.0.0.1:$entry_port" "${relay_args[@]}" "${mode[@]}" \
  --json "$json" --markdown "$markdown" --analysis "$repo/bench/analysis.md" --commit "$commit" \
  "${procs[@]}" "${ready[@]}" "${tool_args[@]}" || status=$?
$with_relay || echo "bench: WARNING: the baseline relay was missing ($relay_source): product only, no comparison" >&2
exit "$status"
