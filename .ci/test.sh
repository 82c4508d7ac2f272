#!/usr/bin/env bash
# The README's test command: installs the system packages the tests need (when missing), then
# runs the whole Maven build with every test. Safe to run again; needs root or sudo for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

# Test-only system packages: sip-tester is sipp, the SIP peer of the registrar tests; baresip-core the
# softphone of the interop test; chromium and chromium-driver the browser of the page tests (Selenium).
PACKAGES=(sip-tester baresip-core chromium chromium-driver)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

mvn -B -ntp verify "$@"
# The run command's jar, started for real (the tests above run on the test class path).
./.ci/smoke-jar.sh
