#!/usr/bin/env bash
# Measures `./bankstream produce --rate unlimited` against the local stack on this machine.
# A benchmark, not a test: it prints figures and never fails on them.
#
#   bench/produce-rate.sh            # 1,000,000 records
#   COUNT=200000 bench/produce-rate.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT="${COUNT:-1000000}"
USERS="${USERS:-10000}"
# Ports apart from a `./bankstream stack` that may already run.
export BANKSTREAM_KAFKA_PORT="${BANKSTREAM_KAFKA_PORT:-29092}"
export BANKSTREAM_KAFKA_CONTROLLER_PORT="${BANKSTREAM_KAFKA_CONTROLLER_PORT:-29093}"
export BANKSTREAM_POSTGRES_PORT="${BANKSTREAM_POSTGRES_PORT:-25432}"
export BANKSTREAM_REDIS_PORT="${BANKSTREAM_REDIS_PORT:-26379}"
export BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BANKSTREAM_KAFKA_PORT"
export BANKSTREAM_JDBC_URL="jdbc:postgresql://127.0.0.1:$BANKSTREAM_POSTGRES_PORT/bank"

log="$(mktemp)"
"$ROOT/bankstream" stack >"$log" 2>&1 &
stack_pid=$!
trap 'kill -TERM "$stack_pid" 2>/dev/null || true; wait "$stack_pid" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 180); do
  grep -q "Press Ctrl-C" "$log" && break
  kill -0 "$stack_pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
grep -q "Press Ctrl-C" "$log" || { echo "the stack did not start" >&2; cat "$log"; exit 1; }

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
"$ROOT/bankstream" seed --users "$USERS" --seed 1
echo "+ ./bankstream produce --rate unlimited --count $COUNT --seed 1"
"$ROOT/bankstream" produce --rate unlimited --count "$COUNT" --seed 1 | grep -vE '^\[ *[0-9]+s\]'
