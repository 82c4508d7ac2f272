#!/usr/bin/env bash
# Open-line webhooks: Telegram Updates POSTed to /hooks/tg at fixed total rates (open loop, round-robin
# over the customers, many keep-alive connections) -- webhooks committed (200) per second, HTTP p50/p99
# (send -> 200) and end-to-end p50/p99 (send -> the customer's message on the operator's WebSocket)
# against Linehub (inbox, sessions, chat, CRM, routing; agents accept every offer in a warm-up), and,
# with the same driver, the bare endpoint: the secret check and one insert on a pool of the same size
# over the same kind of embedded PostgreSQL (HTTP figures only).
# Usage: bench/run-webhooks.sh [--rates 500,1000,2000,3000] [--seconds 20] [--agents 50] [--customers 500]
#        [--skip-bare] [--skip-linehub] [--no-build]
# --no-build uses bench/target/classes and bench/target/classpath.txt as they are (build them first).
# WEBHOOK_DRIVER_OPTS: extra JVM options for the driver; WEBHOOK_DRIVER_ARGS: extra driver options (--connections 256,
# --warmup-rate 100, --tail-seconds 60, --drain-seconds 600); WEBHOOK_HUB_LOG_LEVEL: the hub's log level (warn).
# WEBHOOK_HUB_OPTS: extra JVM options for the hub (e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/.."
RATES=500,1000,2000,3000; SECONDS_PER_RATE=20; AGENTS=50; CUSTOMERS=500; SKIP_BARE=; SKIP_LINEHUB=; BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES=$2; shift 2 ;; --seconds) SECONDS_PER_RATE=$2; shift 2 ;;
    --agents) AGENTS=$2; shift 2 ;; --customers) CUSTOMERS=$2; shift 2 ;;
    --skip-bare) SKIP_BARE=1; shift ;; --skip-linehub) SKIP_LINEHUB=1; shift ;;
    --no-build) BUILD=; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ $((AGENTS * 50)) -lt "$CUSTOMERS" ]; then
  echo "--agents $AGENTS x maxChats 50 cannot hold --customers $CUSTOMERS sessions" >&2; exit 2
fi
ulimit -n 65536 2>/dev/null || true
if [ -n "$BUILD" ]; then
  mvn -B -q -ntp -DskipTests install -pl bench -am
  mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
WORK=$(mktemp -d /tmp/linehub-webhook-bench-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
QUIET=-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener
DRIVER=(java -Xmx1g $QUIET ${WEBHOOK_DRIVER_OPTS:-} -cp "$CP" io.linehub.bench.openlines.WebhookLoad
  --seconds "$SECONDS_PER_RATE" --rates "$RATES" --agents "$AGENTS" --customers "$CUSTOMERS" ${WEBHOOK_DRIVER_ARGS:-})
SERVER=
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=; fi; }
trap stop_server EXIT
if [ -z "$SKIP_LINEHUB" ]; then
  # The hub jar may be rebuilt while the benchmark runs: run a copy.
  cp hub/server/target/linehub.jar "$WORK/linehub.jar"
  PORT=$(free_port)
  LINEHUB_DATA_DIR="$WORK/data" LINEHUB_HTTP_PORT=$PORT LINEHUB_SIP_PORT=$(free_port) \
    LINEHUB_LOG_LEVEL=${WEBHOOK_HUB_LOG_LEVEL:-warn} LINEHUB_ADMIN_PASSWORD=bench-admin-1 \
    java -Xmx2g -Xms2g ${WEBHOOK_HUB_OPTS:-} -jar "$WORK/linehub.jar" > "$WORK/linehub.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 180); do
    curl -sf "127.0.0.1:$PORT/health" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 1
  done
  curl -sf "127.0.0.1:$PORT/health" >/dev/null || { echo "Linehub did not come up; see $WORK/linehub.log" >&2; exit 1; }
  echo "== Linehub (pid $SERVER, work dir $WORK)"
  "${DRIVER[@]}" --target linehub --url "127.0.0.1:$PORT" --data-dir "$WORK/data" | tee "$WORK/linehub.txt"
  stop_server
fi
if [ -z "$SKIP_BARE" ]; then
  PORT=$(free_port)
  java -Xmx2g -Xms2g $QUIET -cp "$CP" io.linehub.bench.openlines.BareWebhookServer "$PORT" > "$WORK/bare.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 120); do
    grep -q "bare webhook server on" "$WORK/bare.log" && break
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 1
  done
  grep -q "bare webhook server on" "$WORK/bare.log" || { echo "bare server did not come up; see $WORK/bare.log" >&2; exit 1; }
  echo "== bare endpoint: one insert per webhook (pid $SERVER) -- $(grep 'bare webhook server on' "$WORK/bare.log")"
  "${DRIVER[@]}" --target bare --url "127.0.0.1:$PORT" | tee "$WORK/bare.txt"
  stop_server
fi
echo "results in $WORK"
