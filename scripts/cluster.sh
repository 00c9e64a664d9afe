#!/usr/bin/env bash
# A chat cluster on this machine without Docker, everything on loopback: MariaDB, Redis, N Chat.Server
# nodes and nginx as the one entry (the shared nginx/chat.conf). Data, logs, pid files and generated
# configuration live in .cluster/ at the repo root (ignored by git).
#
#   scripts/cluster.sh up [N]   install what is missing, start everything (N nodes, default 3), wait until healthy
#   scripts/cluster.sh status   each part: pid alive?, address, health (exit 0 only when all is well)
#   scripts/cluster.sh down     stop exactly what up started
#   scripts/cluster.sh admin grant|revoke NAME   give or take the admin role (the node's admin command)
#
# Ports, overridable by environment:
#   CHAT_ENTRY_PORT=8080    nginx, the entry: http://127.0.0.1:8080/
#   CHAT_BASE_PORT=5001     node i listens on CHAT_BASE_PORT + i - 1 (5001, 5002, ...)
#   CHAT_MARIADB_PORT=3307  not 3306 and
#   CHAT_REDIS_PORT=6380    not 6379, so a system MariaDB or Redis never collides with this cluster
#   CHAT_CLUSTER_DIR=.cluster  where data, logs, pid files and the published app go
# Also: CHAT_NODES=3 (node count when up gets none), CHAT_ADMINS="alice bob" (Accounts__Admins__i),
# CHAT_NGINX_WORKER_CONNECTIONS=32768 (per nginx worker, 2 workers; a proxied hub connection holds two of
# them, so the entry passes about 32 000 clients, what two nodes hold; worker_rlimit_nofile is set to twice
# this, capped at the hard 'ulimit -Hn', which then bounds it instead).
#
# Node configuration (the same keys docker-compose.yml sets): Database__Provider=MySql,
# ConnectionStrings__Chat (user "chat", password generated into .cluster/mariadb/chat.password),
# ConnectionStrings__Redis, Cluster__NodeId. nginx reaches the nodes over loopback, whose
# X-Forwarded-For the nodes always believe, so Proxy__KnownNetworks__0 is not needed here.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../nginx/local-nginx.sh
source "$repo/nginx/local-nginx.sh"
# CHAT_CLUSTER_DIR moves all of it elsewhere (the tests run a cluster of their own that way).
state="${CHAT_CLUSTER_DIR:-$repo/.cluster}"
run="$state/run"
logs="$state/logs"
app="$state/app"
settings="$state/cluster.env"

NODES=${CHAT_NODES:-3}
BASE_PORT=${CHAT_BASE_PORT:-5001}
ENTRY_PORT=${CHAT_ENTRY_PORT:-8080}
MARIADB_PORT=${CHAT_MARIADB_PORT:-3307}
REDIS_PORT=${CHAT_REDIS_PORT:-6380}

log() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
export PATH="$PATH:/usr/sbin:/sbin"

# --- parts, pid files and liveness -------------------------------------------------------------------

parts() { echo mariadb redis; for ((i = 1; i <= NODES; i++)); do echo "node$i"; done; echo nginx; }
node_port() { echo $((BASE_PORT + ${1#node} - 1)); }

# What the part's command line contains, so a recycled pid is never taken for ours.
signature() {
  case $1 in
    mariadb) echo "$state/mariadb/data" ;;
    redis) echo "redis-server" ;;
    node*) echo "$app/Chat.Server.dll" ;;
    nginx) echo "$state/nginx" ;;
  esac
}

# nginx removes its own pid file as it exits, hence the quiet read.
pid_of() { [ -s "$run/$1.pid" ] && { tr -dc '0-9' <"$run/$1.pid"; } 2>/dev/null; }

# Alive and ours: the pid exists and its command line carries the part's signature (a zombie has none).
running() {
  local pid
  pid=$(pid_of "$1") || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(signature "$1")"
}

logfile() {
  case $1 in
    nginx) echo "$logs/nginx-error.log" ;;
    *) echo "$logs/$1.log" ;;
  esac
}

fail_start() { # part message
  echo "cluster: $2" >&2
  local file
  file=$(logfile "$1")
  if [ -f "$file" ]; then
    echo "--- last lines of $file ---" >&2
    tail -n 30 "$file" >&2
  fi
  if any_running; then
    echo "cluster: the parts already started keep running; 'scripts/cluster.sh down' stops them" >&2
  fi
  exit 1
}

# wait_until part seconds what command...: retry the command until it succeeds, the part dies, or time runs out.
wait_until() {
  local part=$1 timeout=$2 what=$3
  shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$part" ] && ! running "$part"; then fail_start "$part" "$part exited while starting"; fi
    if ((SECONDS >= deadline)); then fail_start "${part:-nginx}" "$what not ready after ${timeout}s"; fi
    sleep 0.5
  done
}

# --- health probes ---------------------------------------------------------------------------------

socket="$state/mariadb/mariadb.sock"
mariadb_ping() { mariadb-admin --no-defaults --protocol=socket --socket="$socket" -uroot --connect-timeout=2 ping; }
redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
# Ready means "Healthy": database and Redis both reachable (a Redis outage only degrades the node).
node_ready() { [ "$(curl -fsS -m 2 "http://127.0.0.1:$1/healthz/ready" 2>/dev/null)" = Healthy ]; }
entry_ok() { curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$ENTRY_PORT/healthz"; }

# --- up --------------------------------------------------------------------------------------------

install_missing() {
  local missing=()
  for pair in mariadbd:mariadb-server mariadb-install-db:mariadb-server mariadb-admin:mariadb-client \
    redis-server:redis-server redis-cli:redis-tools nginx:nginx curl:curl; do
    have "${pair%%:*}" || missing+=("${pair#*:}")
  done
  have dotnet || die "the .NET 10 SDK (dotnet) is needed to publish the nodes"
  [ ${#missing[@]} -eq 0 ] && return
  local packages
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | paste -sd' ')
  if [ "$(id -u)" -ne 0 ]; then
    die "missing packages: $packages; run as root: apt-get update && apt-get install -y $packages"
  fi
  log "installing $packages"
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $packages
  # Debian starts these services on install; the cluster runs its own instances, so stop them.
  for service in mariadb redis-server nginx; do
    service "$service" stop >/dev/null 2>&1 || true
  done
}

publish() {
  if [ -f "$repo/Chat.Web/package.json" ]; then
    log "building Chat.Web"
    (
      cd "$repo/Chat.Web"
      if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
      npm run --if-present build
    ) >"$logs/web-build.log" 2>&1 || fail_start web-build "building Chat.Web failed"
  fi
  log "publishing Chat.Server (Release, ReadyToRun) into .cluster/app"
  # ReadyToRun: precompiled code, so a node starting (or restarting after a crash) serves sooner.
  local rid
  case $(uname -m) in
    aarch64 | arm64) rid=linux-arm64 ;;
    *) rid=linux-x64 ;;
  esac
  dotnet publish "$repo/Chat.Server/Chat.Server.csproj" -c Release -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true -o "$app" --nologo >"$logs/publish.log" 2>&1 ||
    fail_start publish "dotnet publish failed"
}

start_mariadb() {
  if running mariadb; then
    log "mariadb already running (pid $(pid_of mariadb))"
    return
  fi
  local dir="$state/mariadb" as_root=()
  # mariadbd refuses to run as root unless told to.
  [ "$(id -u)" -eq 0 ] && as_root=(--user=root)
  mkdir -p "$dir"
  if [ ! -d "$dir/data/mysql" ]; then
    log "initialising MariaDB in .cluster/mariadb/data"
    mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db "${as_root[@]}" >"$logs/mariadb-install.log" 2>&1 ||
      fail_start mariadb-install "mariadb-install-db failed"
  fi
  nohup mariadbd --no-defaults "${as_root[@]}" --datadir="$dir/data" --socket="$socket" \
    --port="$MARIADB_PORT" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$dir/mariadbd.pid" \
    --log-error="$logs/mariadb.log" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=500 </dev/null >>"$logs/mariadb.log" 2>&1 &
  echo $! >"$run/mariadb.pid"
  log "mariadb starting on 127.0.0.1:$MARIADB_PORT (pid $!)"
  wait_until mariadb 60 "MariaDB" mariadb_ping

  # The nodes log in as "chat" over TCP; root stays reachable only through the socket in .cluster.
  local password_file="$dir/chat.password"
  if [ ! -s "$password_file" ]; then
    (umask 077 && head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$password_file")
  fi
  local password
  password=$(cat "$password_file")
  mariadb --no-defaults --protocol=socket --socket="$socket" -uroot <<SQL || fail_start mariadb "creating the chat user failed"
CREATE USER IF NOT EXISTS 'chat'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER 'chat'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`chat\`.* TO 'chat'@'127.0.0.1';
SQL
}

start_redis() {
  if running redis; then
    log "redis already running (pid $(pid_of redis))"
    return
  fi
  mkdir -p "$state/redis"
  # Presence and the backplane are live state only: nothing to persist.
  nohup redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$state/redis" \
    --daemonize no --logfile "$logs/redis.log" </dev/null >>"$logs/redis.log" 2>&1 &
  echo $! >"$run/redis.pid"
  log "redis starting on 127.0.0.1:$REDIS_PORT (pid $!)"
  wait_until redis 30 "Redis" redis_ping
}

start_node() {
  local name=$1 port admins=() i=0
  port=$(node_port "$name")
  if running "$name"; then
    log "$name already running (pid $(pid_of "$name"))"
    return
  fi
  for admin in ${CHAT_ADMINS:-}; do
    admins+=("Accounts__Admins__$i=$admin")
    i=$((i + 1))
  done
  # The working folder is the app folder, so the node reads its appsettings.json; secrets go in the
  # environment, never on the command line.
  (
    cd "$app"
    exec env "${database_env[@]}" \
      "ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT" \
      "Cluster__NodeId=$name" \
      "${admins[@]}" \
      nohup dotnet "$app/Chat.Server.dll" --urls "http://127.0.0.1:$port"
  ) </dev/null >>"$logs/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
  log "$name starting on http://127.0.0.1:$port (pid $!)"
}

# The cluster database as a node sees it: database_env=(KEY=value ...).
set_database_env() {
  local password version
  password=$(cat "$state/mariadb/chat.password")
  # SQL is generated for the MariaDB that runs here (Debian 12: 10.11).
  version=$(mariadbd --version | sed -n 's/.* Ver \([0-9]*\.[0-9]*\.[0-9]*\)-MariaDB.*/\1-mariadb/p')
  database_env=(Database__Provider=MySql
    "ConnectionStrings__Chat=Server=127.0.0.1;Port=$MARIADB_PORT;User ID=chat;Password=$password;Database=chat"
    ${version:+"Database__ServerVersion=$version"})
}

start_nginx() {
  if running nginx; then
    log "nginx already running (pid $(pid_of nginx))"
    return
  fi
  local dir="$state/nginx" name connections ports=()
  connections=${CHAT_NGINX_WORKER_CONNECTIONS:-32768}
  [[ $connections =~ ^[1-9][0-9]*$ ]] || die "CHAT_NGINX_WORKER_CONNECTIONS must be a positive number, not '$connections'"
  for name in $(parts | grep '^node'); do ports+=("$(node_port "$name")"); done
  write_local_nginx "$dir" "$ENTRY_PORT" "$connections" "$run/nginx.pid" "$logs/nginx-error.log" "$logs/nginx-access.log" "${ports[@]}"
  nginx -p "$dir" -c "$dir/nginx.conf" >>"$logs/nginx-error.log" 2>&1 || fail_start nginx "nginx did not start"
  wait_until "" 10 "the nginx pid file" test -s "$run/nginx.pid"
  log "nginx starting on http://127.0.0.1:$ENTRY_PORT (pid $(pid_of nginx))"
}

save_settings() {
  cat >"$settings" <<ENV
# The cluster that scripts/cluster.sh up started; down and status read it.
NODES=$NODES
BASE_PORT=$BASE_PORT
ENTRY_PORT=$ENTRY_PORT
MARIADB_PORT=$MARIADB_PORT
REDIS_PORT=$REDIS_PORT
ENV
}

load_settings() {
  # shellcheck disable=SC1090
  [ -f "$settings" ] && source "$settings"
  return 0
}

any_running() {
  local part
  for part in $(parts); do running "$part" && return 0; done
  return 1
}

all_running() {
  local part
  for part in $(parts); do running "$part" || return 1; done
  return 0
}

cmd_up() {
  local requested=${1:-}
  if [ -n "$requested" ]; then
    [[ $requested =~ ^[1-9][0-9]?$ ]] || die "up takes a node count from 1 to 99, not '$requested'"
    NODES=$requested
  fi
  mkdir -p "$run" "$logs"

  if [ -f "$settings" ]; then
    local wanted=$NODES
    load_settings
    if any_running; then
      [ -z "${requested:-${CHAT_NODES:-}}" ] || [ "$wanted" = "$NODES" ] || log "the running cluster has $NODES nodes; 'down' first to change that"
      if all_running; then
        log "already up ($NODES nodes): http://127.0.0.1:$ENTRY_PORT/"
        return 0
      fi
      log "partly up: starting the parts that are not running"
    else
      NODES=$wanted
      BASE_PORT=${CHAT_BASE_PORT:-5001} ENTRY_PORT=${CHAT_ENTRY_PORT:-8080}
      MARIADB_PORT=${CHAT_MARIADB_PORT:-3307} REDIS_PORT=${CHAT_REDIS_PORT:-6380}
    fi
  fi

  install_missing
  local name
  # Never publish over the files of a node that is running.
  if ! any_running || [ ! -f "$app/Chat.Server.dll" ]; then
    for name in $(parts | grep '^node'); do
      running "$name" && die "$name is running without a published app; run 'scripts/cluster.sh down' first"
    done
    publish
  fi
  save_settings

  start_mariadb
  start_redis
  set_database_env
  # The nodes start together: each creates the database if needed and migrates under EF Core's lock.
  for name in $(parts | grep '^node'); do start_node "$name"; done
  for name in $(parts | grep '^node'); do
    wait_until "$name" 120 "$name (http://127.0.0.1:$(node_port "$name")/healthz/ready)" node_ready "$(node_port "$name")"
    log "$name ready"
  done
  start_nginx
  wait_until nginx 30 "the entry (http://127.0.0.1:$ENTRY_PORT/healthz)" entry_ok
  log "up: $NODES nodes behind http://127.0.0.1:$ENTRY_PORT/ (logs in .cluster/logs)"
}

# --- down ------------------------------------------------------------------------------------------

# stop_parts seconds part...: SIGTERM to each running part, wait up to the given time, then SIGKILL.
stop_parts() {
  local timeout=$1 part pid deadline left
  shift
  local stopping=()
  for part in "$@"; do
    if running "$part"; then
      pid=$(pid_of "$part")
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$part:$pid")
    elif [ -f "$run/$part.pid" ]; then
      log "$part was not running"
      rm -f "$run/$part.pid"
    fi
  done
  deadline=$((SECONDS + timeout))
  for entry in "${stopping[@]}"; do
    part=${entry%%:*} pid=${entry#*:}
    while running "$part" && ((SECONDS < deadline)); do sleep 0.2; done
    if running "$part"; then
      log "$part (pid $pid) still running after ${timeout}s: SIGKILL"
      # nginx workers are the master's children.
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
      left=50
      while kill -0 "$pid" 2>/dev/null && ((left-- > 0)); do sleep 0.1; done
    fi
    log "stopped $part (pid $pid)"
    rm -f "$run/$part.pid"
  done
}

cmd_down() {
  load_settings
  if ! any_running; then
    rm -f "$run"/*.pid
    log "nothing is running"
    return 0
  fi
  # Entry first, so no new connection reaches a node that is going away; the database last.
  stop_parts 10 nginx
  # shellcheck disable=SC2046
  stop_parts 20 $(parts | grep '^node')
  stop_parts 10 redis
  stop_parts 30 mariadb
  log "down"
}

# --- status ----------------------------------------------------------------------------------------

cmd_status() {
  load_settings
  local part pid st address health ok=0
  printf '%-8s %-8s %-8s %-24s %s\n' PART PID STATE ADDRESS HEALTH
  for part in $(parts); do
    pid=$(pid_of "$part" || true)
    case $part in
      mariadb) address="127.0.0.1:$MARIADB_PORT" ;;
      redis) address="127.0.0.1:$REDIS_PORT" ;;
      nginx) address="http://127.0.0.1:$ENTRY_PORT" ;;
      *) address="http://127.0.0.1:$(node_port "$part")" ;;
    esac
    if running "$part"; then
      st=running
      case $part in
        mariadb) if mariadb_ping >/dev/null 2>&1; then health=alive; else health=unreachable; fi ;;
        redis) if redis_ping; then health=PONG; else health=unreachable; fi ;;
        nginx) health=$(curl -sS -m 2 "http://127.0.0.1:$ENTRY_PORT/healthz/ready" 2>/dev/null || true) ;;
        *) health=$(curl -sS -m 2 "$address/healthz/ready" 2>/dev/null || true) ;;
      esac
      health=${health:-unreachable}
    else
      st=stopped health=-
    fi
    [ "$st" = running ] && [[ $health =~ ^(alive|PONG|Healthy)$ ]] || ok=1
    printf '%-8s %-8s %-8s %-24s %s\n' "$part" "${pid:--}" "$st" "$address" "$health"
  done
  return $ok
}

# --- admin -----------------------------------------------------------------------------------------

# The node's own command, run against the cluster's database: the admin role is granted only this way
# (or by CHAT_ADMINS), never by a request.
cmd_admin() {
  [ $# -eq 2 ] && [[ $1 =~ ^(grant|revoke)$ ]] || { echo "usage: scripts/cluster.sh admin grant|revoke NAME" >&2; exit 2; }
  load_settings
  running mariadb || die "MariaDB is not running; start the cluster with: scripts/cluster.sh up"
  set_database_env
  cd "$app" && exec env "${database_env[@]}" dotnet "$app/Chat.Server.dll" admin "$1" "$2"
}

case ${1:-} in
  up) cmd_up "${2:-}" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  admin) shift; cmd_admin "$@" ;;
  *)
    echo "usage: scripts/cluster.sh up [N] | status | down | admin grant|revoke NAME" >&2
    exit 2
    ;;
esac
