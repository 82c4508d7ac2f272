#!/usr/bin/env bash
# Linking throughput beside plain single-row inserts on the same pool and PostgreSQL.
# Usage: bench/run-link.sh [--seconds 20] [--concurrency 64] [--numbers 50000] [--pool 16]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests install -pl bench -am
mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.linehub.bench.LinkBench "$@"
