#!/usr/bin/env bash
# The README's run command, for real: the packaged hub/server/target/linehub.jar starts on its own
# (embedded PostgreSQL in a fresh data dir), answers /health 200, and stops cleanly on SIGTERM.
# The Maven tests run on the test class path, so only this catches a dependency missing from the jar.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=hub/server/target/linehub.jar
DATA=$(mktemp -d /tmp/linehub-smoke-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
LINEHUB_DATA_DIR="$DATA" LINEHUB_HTTP_PORT=$PORT LINEHUB_SIP_PORT=$(free_port) LINEHUB_ADMIN_PASSWORD=smoke-admin-1 \
  java -jar "$JAR" > "$DATA/linehub.log" 2>&1 &
PID=$!
for _ in $(seq 180); do
  if curl -sf "127.0.0.1:$PORT/health" > /dev/null; then
    kill -TERM $PID
    rc=0
    wait $PID || rc=$?
    # The JVM ends a SIGTERM with 143 even after a clean shutdown: the log says whether it was one.
    if { [ $rc -eq 0 ] || [ $rc -eq 143 ]; } && grep -q "Linehub stopped" "$DATA/linehub.log"; then
      echo "smoke: $JAR started, answered /health and stopped cleanly"
      rm -rf "$DATA"
      exit 0
    fi
    echo "smoke: $JAR did not stop cleanly (exit $rc)" >&2
    tail -50 "$DATA/linehub.log" >&2
    exit 1
  fi
  if ! kill -0 $PID 2>/dev/null; then
    break
  fi
  sleep 1
done
echo "smoke: $JAR did not become healthy" >&2
kill -9 $PID 2>/dev/null || true
tail -80 "$DATA/linehub.log" >&2
exit 1
