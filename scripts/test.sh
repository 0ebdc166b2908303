#!/usr/bin/env bash
# Shomei's one test command: bash scripts/test.sh [extra Maven arguments]
#
# 1. Makes sure the real components the integration tests drive are installed. As root it installs
#    the missing Debian packages with apt-get; otherwise it prints what is missing and goes on
#    (those tests then skip, or fail when CI=true).
# 2. Runs `mvn -B -ntp verify` from the repository root. Nothing is started here: tests start
#    their own throwaway servers (PostgreSQL via io.shomei.testing.env.PostgresServer, ...).
#
# Works with no stdin, under CI=true, from a fresh clone with nothing running.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The Debian packages behind io.shomei.testing.env.Component (a test checks this line).
PACKAGES=(openssl libnss3-tools gnutls-bin softhsm2 opensc postgresql-15 curl argon2 chromium nodejs fonts-ipafont-gothic nginx haproxy rsyslog poppler-utils postfix)
PG_BIN=/usr/lib/postgresql/15/bin
ci=false; [ "${CI:-}" = true ] && ci=true

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
# the browser test needs npm too: Debian's nodejs leaves it to the npm package, NodeSource's bundles it
if ! command -v npm >/dev/null 2>&1 && { installed nodejs || [[ " ${missing[*]} " == *" nodejs "* ]]; } &&
   ! apt-cache show --no-all-versions nodejs 2>/dev/null | grep -q '^Provides:.*npm'; then
  missing+=(npm)
fi
# the build itself: Maven and a JDK 17 (normally present already)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    start=$SECONDS
    if apt-get -o DPkg::Lock::Timeout=600 update -qq </dev/null &&
       apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" </dev/null >/dev/null; then
      echo "== installed in $((SECONDS - start)) s"
    elif $ci; then
      echo "== apt-get failed and CI=true: stopping" >&2
      exit 1
    else
      echo "== apt-get failed: the tests that need these packages will be skipped" >&2
    fi
  else
    echo "== not root (or no apt-get): cannot install ${missing[*]}" >&2
    echo "   install them with: sudo apt-get install ${missing[*]}" >&2
    if $ci; then
      echo "   CI=true: the tests that need them will FAIL" >&2
    else
      echo "   the tests that need them will be skipped" >&2
    fi
  fi
fi

# header: what this run has
version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
echo "== Shomei tests (CI=${CI:-unset}, $(nproc 2>/dev/null || echo '?') cores)"
for p in "${PACKAGES[@]}"; do
  if installed "$p"; then
    printf '   %-15s %s\n' "$p" "$(version "$p")"
  else
    printf '   %-15s MISSING\n' "$p"
  fi
done
if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
  echo "   PostgreSQL 15 binaries: $PG_BIN (each test module starts its own throwaway server)"
else
  echo "   PostgreSQL 15 binaries: MISSING ($PG_BIN/initdb)" >&2
  if $ci; then
    echo "CI=true and $PG_BIN/initdb is missing: stopping" >&2
    exit 1
  fi
fi
if command -v java >/dev/null 2>&1; then
  echo "   java: $(java -version 2>&1 | head -n 1)"
fi
if command -v mvn >/dev/null 2>&1; then
  echo "   maven: $(mvn -B -v -Dstyle.color=never 2>/dev/null | head -n 1)"
else
  echo "mvn not found: install the Debian package maven" >&2
  exit 1
fi

start=$SECONDS
set +e
mvn -B -ntp -Dstyle.color=never verify "$@" </dev/null
rc=$?
set -e
echo "== mvn verify finished with exit code $rc after $((SECONDS - start)) s"
if [ "$rc" -ne 0 ]; then
  exit "$rc"
fi
# The benchmarks are not tests, but they must still start: every JMH benchmark and every
# alternating pair runs once, in-process, on tiny fixtures (about 20 s; numbers are meaningless).
# SHOMEI_SKIP_BENCH_SMOKE=1 skips it, as does a run restricted with Maven arguments.
jar=examples/benchmarks/target/benchmarks.jar
if [ "${SHOMEI_SKIP_BENCH_SMOKE:-0}" != 1 ] && [ "$#" -eq 0 ] && [ -f "$jar" ]; then
  start=$SECONDS
  if ! SKIP_BUILD=1 bash examples/benchmarks/run.sh smoke >examples/benchmarks/target/smoke-ci.log 2>&1; then
    cat examples/benchmarks/target/smoke-ci.log >&2
    echo "== benchmark smoke run FAILED after $((SECONDS - start)) s" >&2
    exit 1
  fi
  tail -n 2 examples/benchmarks/target/smoke-ci.log
  echo "== benchmark smoke run passed after $((SECONDS - start)) s"
elif $ci && [ "$#" -eq 0 ] && [ ! -f "$jar" ]; then
  echo "CI=true and $jar was not built by mvn verify: stopping" >&2
  exit 1
fi
exit 0
