#!/usr/bin/env bash
# Runs every test: installs what is missing (Redis, PostgreSQL, Chromium) with apt, starts throwaway
# Redis and PostgreSQL servers on 127.0.0.1, runs `dotnet test --solution Messaging.sln`, and stops them again.
# Extra arguments go to `dotnet test` (for example: scripts/test.sh --filter "FullyQualifiedName~Data").
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "noto color emoji" || missing+=(fonts-noto-color-emoji)
[ -f /usr/share/zoneinfo/Asia/Tokyo ] || missing+=(tzdata) # tests that show times in the viewer's time zone
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-liberation >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

work="$(mktemp -d /tmp/messaging-test-servers.XXXXXX)"
chmod 755 "$work"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
pg_port="$(free_port)"
redis_port="$(free_port)"
pg_user=postgres
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] || pg_user="$(id -un)"

cleanup() {
  set +e
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null
  [ -d "$work/pg" ] && run_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting Redis on 127.0.0.1:$redis_port"
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work" \
  --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"

echo "== starting PostgreSQL on 127.0.0.1:$pg_port"
mkdir -p "$work/pg"
[ "$(id -u)" -ne 0 ] || chown "$pg_user" "$work/pg"
run_pg "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust --no-sync >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $pg_port -k $work/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null

for _ in $(seq 1 50); do
  redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.2
done

export MESSAGING_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export MESSAGING_TEST_REDIS="127.0.0.1:$redis_port"
export MESSAGING_TEST_CHROMIUM="/usr/bin/chromium"

rm -rf "$root/TestResults"
echo "== dotnet test --solution Messaging.sln"
dotnet tool restore >/dev/null
set +e
dotnet test --solution Messaging.sln --results-directory "$root/TestResults" --no-progress "$@" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line from the run's own totals.
succeeded=$(grep -E '^\s+succeeded: [0-9]+' "$work/test.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+failed: [0-9]+' "$work/test.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^\s+skipped: [0-9]+' "$work/test.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
echo "${succeeded:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -eq 0 ] && [ "${succeeded:-0}" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
