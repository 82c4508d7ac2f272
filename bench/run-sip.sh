#!/usr/bin/env bash
# SIP calls through the B2BUA (routing and CRM linking on) against Kamailio on the same machine:
# the highest rate sustained for 60 s with zero failed calls, INVITE->180 p50/p99 at half of it;
# --soak N: N calls with heap and live dialog counts sampled every 10 s.
# Usage: sudo bench/run-sip.sh [--agents 300] [--rates 250,500,...] [--seconds 60] [--soak 100000]
#        [--skip-kamailio] [--skip-sweep]   (see bench/sip/run.py --help)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sipp >/dev/null || { echo "sipp is missing: apt-get install sip-tester" >&2; exit 2; }
mvn -B -q -ntp -DskipTests package -pl hub/server -am
exec python3 bench/sip/run.py "$@"
