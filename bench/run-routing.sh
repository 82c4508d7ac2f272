#!/usr/bin/env bash
# Routing decisions per second and arrival->offer latency: 1,000 agents, 100 lines by default.
# Usage: bench/run-routing.sh [--seconds 20] [--agents 1000] [--lines 100] [--inflight 64] [--rate 0]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests install -pl bench -am
mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
exec java -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.linehub.bench.RoutingBench "$@"
