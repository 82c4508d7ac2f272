#!/usr/bin/env bash
# Chat over WebSockets: N connections in groups, a fixed total send rate, delivered messages/s,
# end-to-end latency and the server's heap per idle connection -- against Linehub (persistence,
# ordering, fan-out over the event bus) and, with the same driver, a bare Vert.x broadcast server.
# Usage: bench/run-chat.sh [--connections 10000] [--group-size 10] [--seconds 20] [--rates 500,1000,2000]
#        [--skip-bare] [--skip-linehub]
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=10000; GROUP=10; SECONDS_PER_RATE=20; RATES=500,1000,2000; SKIP_BARE=; SKIP_LINEHUB=
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;; --group-size) GROUP=$2; shift 2 ;;
    --seconds) SECONDS_PER_RATE=$2; shift 2 ;; --rates) RATES=$2; shift 2 ;;
    --skip-bare) SKIP_BARE=1; shift ;; --skip-linehub) SKIP_LINEHUB=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ulimit -n 65536 || true
mvn -B -q -ntp -DskipTests install -pl bench -am
mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
WORK=$(mktemp -d /tmp/linehub-chat-bench-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DRIVER=(java -Xmx3g ${CHAT_DRIVER_OPTS:-} -cp "$CP" io.linehub.bench.chat.ChatLoad --connections "$CONNECTIONS" --group-size "$GROUP"
  --seconds "$SECONDS_PER_RATE" --rates "$RATES")
if [ -z "$SKIP_LINEHUB" ]; then
  PORT=$(free_port)
  LINEHUB_DATA_DIR="$WORK/data" LINEHUB_HTTP_PORT=$PORT LINEHUB_SIP_PORT=$(free_port) LINEHUB_LOG_LEVEL=${CHAT_HUB_LOG_LEVEL:-warn} \
    LINEHUB_ADMIN_PASSWORD=bench-admin-1 java -Xmx2g -Xms2g -jar hub/server/target/linehub.jar > "$WORK/linehub.log" 2>&1 &
  HUB=$!
  for _ in $(seq 120); do curl -sf "127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
  echo "== Linehub (pid $HUB, work dir $WORK)"
  "${DRIVER[@]}" --target linehub --url "127.0.0.1:$PORT" --data-dir "$WORK/data" --server-pid "$HUB" \
    | tee "$WORK/linehub.txt"
  kill $HUB; wait $HUB || true
fi
if [ -z "$SKIP_BARE" ]; then
  PORT=$(free_port)
  java -Xmx2g -Xms2g -cp "$CP" io.linehub.bench.chat.BareChatServer "$PORT" > "$WORK/bare.log" 2>&1 &
  BARE=$!
  sleep 3
  echo "== bare Vert.x broadcast server (pid $BARE)"
  "${DRIVER[@]}" --target bare --url "127.0.0.1:$PORT" --server-pid "$BARE" | tee "$WORK/bare.txt"
  kill $BARE; wait $BARE || true
fi
echo "results in $WORK"
