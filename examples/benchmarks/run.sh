#!/usr/bin/env bash
# Builds the benchmarks once and runs them with JMH, then prints the ratio table.
#   run.sh smoke                               every benchmark starts and runs once (about 20 s);
#                                              scripts/test.sh runs it after mvn verify
#   run.sh quick [JMH regexp and options...]   a few seconds per benchmark, for developers
#   run.sh full  [JMH regexp and options...]   the numbers to publish
#   run.sh pairs quick|full|smoke [group-regex] alternating ratios (Pairs), see below
#   run.sh campaign-scale [h2|postgres|h2,postgres] [ROWS] [ROUNDS]
#                                              a campaign over ROWS (default 1,000,000) derived rows
#                                              beside a bare JDBC scan, measured in a -Xmx64m JVM
#                                              (CampaignAtScale; the rows are inserted, then removed)
#   run.sh web-load [smoke|quick|full]         certificate logins through a real HAProxy to two web
#                                              nodes on one PostgreSQL, beside one node and a static
#                                              page, alternating (WebLoad; loopback only; needs
#                                              postgresql-15, haproxy, openssl; quick takes ~1 min)
# Extra arguments go to JMH, e.g.  run.sh quick Login   or   run.sh full -p db=h2,postgres
# Results: examples/benchmarks/target/jmh-<mode>.json (JMH JSON) and jmh-<mode>.md (the tables).
# Set SKIP_BUILD=1 to reuse target/benchmarks.jar.
#
# JMH runs one benchmark after the other, so on a shared machine a benchmark and its primitive can
# meet different loads. 'pairs' runs each Shomei path and its primitive in alternating 0.2 s slices
# in one JVM and prints the median of the per-round ratios: use those ratios, and JMH for absolute
# times and percentiles. The load average is printed with every table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-quick}"
shift || true
jar="$here/target/benchmarks.jar"
build() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    # the web example too: WebLoad runs its nodes from shomei-web.jar
    (cd "$root" && mvn -B -o -q -pl examples/benchmarks,examples/web -am package -DskipTests -Dmaven.javadoc.skip)
  fi
}
web_load() {
  java -cp "$jar" io.shomei.examples.benchmarks.WebLoad "$1" "$root/examples/web/target/shomei-web.jar" \
    "$root/examples/web/proxy/haproxy.cfg" "$here/target/web-load"
}
have_postgres() { [[ -x /usr/lib/postgresql/15/bin/initdb ]]; }
have_softhsm() { command -v softhsm2-util >/dev/null && [[ -e /usr/lib/softhsm/libsofthsm2.so ]]; }
# the PKCS#11 benchmarks (Pkcs11IssuanceBenchmark, Pairs pkcs11-*) initialize a SoftHSM2 token here
export SOFTHSM2_CONF="${SOFTHSM2_CONF:-$here/target/softhsm/softhsm2.conf}"
mkdir -p "$(dirname "$SOFTHSM2_CONF")"
echo "load average (1, 5, 15 min) at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
case "$mode" in
  smoke)
    build
    dbs=h2
    if have_postgres; then
      dbs=h2,postgres
    elif [[ "${CI:-}" == true ]]; then
      echo "PostgreSQL 15 is missing (Debian: postgresql-15); under CI=true that is a failure" >&2
      exit 1
    else
      echo "PostgreSQL 15 is missing (Debian: postgresql-15): the PostgreSQL campaign is skipped" >&2
    fi
    json="$here/target/jmh-smoke.json"
    skip=()
    p11pairs=""
    if have_softhsm; then
      p11pairs="|pkcs11-h2"
      if [[ $dbs == *postgres* ]]; then p11pairs="|pkcs11-h2|pkcs11-postgres"; fi
    elif [[ "${CI:-}" == true ]]; then
      echo "SoftHSM2 is missing (Debian: softhsm2); under CI=true that is a failure" >&2
      exit 1
    else
      echo "SoftHSM2 is missing (Debian: softhsm2): the PKCS#11 benchmarks are skipped" >&2
      skip=(-e Pkcs11)
    fi
    # in-process (-f 0: one JVM start instead of one per benchmark, a fifth of the CPU time), no
    # warm-up, one short iteration, small fixtures; -foe: an exception in any benchmark fails the run
    java -jar "$jar" -f 0 -wi 0 -i 1 -r 100ms -foe true -p certificates=16 -p rows=100 \
      -p db="$dbs" -rf json -rff "$json" "${skip[@]}" "$@"
    expected=$(java -jar "$jar" -l "${skip[@]}" "$@" | tail -n +2 | wc -l)
    ran=$(python3 -c "import json,sys; print(len({e['benchmark'] for e in json.load(open(sys.argv[1]))}))" "$json")
    if [[ "$ran" != "$expected" ]]; then
      echo "smoke: $ran of $expected benchmarks produced a result" >&2
      exit 1
    fi
    # the alternating harness too; the campaign in the -Xmx64m JVM its JMH fork would get
    log="$here/target/pairs-smoke.log"
    ocsp=ocsp-h2
    if [[ $dbs == *postgres* ]]; then ocsp="ocsp-h2|ocsp-postgres"; fi
    java -cp "$jar" io.shomei.examples.benchmarks.Pairs smoke \
      "issuance|pkcs12|login|password|$ocsp$p11pairs" \
      > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
    campaigns=campaign-h2
    if [[ $dbs == *postgres* ]]; then campaigns="campaign-h2|campaign-postgres"; fi
    java -Xmx64m -cp "$jar" io.shomei.examples.benchmarks.Pairs smoke "$campaigns" \
      >> "$log" 2>&1 || { cat "$log" >&2; exit 1; }
    # the million-row campaign's runner, on a few rows
    for db in ${dbs//,/ }; do
      java -cp "$jar" io.shomei.examples.benchmarks.CampaignAtScale "$db" 2000 1 \
        >> "$log" 2>&1 || { cat "$log" >&2; exit 1; }
    done
    # the load through HAProxy to two web nodes, a second per side (skips without HAProxy unless CI=true)
    web_load smoke >> "$log" 2>&1 || { cat "$log" >&2; exit 1; }
    echo "smoke: all $expected JMH benchmarks, every Pairs group, CampaignAtScale and WebLoad started and ran"
    ;;
  quick|full)
    build
    if [[ $mode == quick ]]; then
      jmh_opts=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
    else
      # two forks (JIT and layout luck differ per JVM), 3 x 3 s warm-up, 5 x 5 s measured: about
      # 70 s a benchmark, half an hour for all of them
      jmh_opts=(-f 2 -wi 3 -i 5 -w 3s -r 5s)
    fi
    json="$here/target/jmh-$mode.json"
    java -jar "$jar" "${jmh_opts[@]}" -rf json -rff "$json" "$@"
    python3 "$here/ratios.py" "$json" | tee "$here/target/jmh-$mode.md"
    ;;
  pairs)
    build
    pmode="${1:-quick}"
    shift || true
    only="${1:-.*}"
    out="$here/target/pairs-$pmode.md"
    # the campaign groups run in their own JVM with the heap the target allows
    {
      java -cp "$jar" io.shomei.examples.benchmarks.Pairs "$pmode" "(?!campaign)($only)" 2>/dev/null
      java -Xmx64m -cp "$jar" io.shomei.examples.benchmarks.Pairs "$pmode" "(?=campaign)($only)" \
        2>/dev/null | grep '^| campaign' || true
    } | tee "$out"
    ;;
  campaign-scale)
    build
    out="$here/target/campaign-scale.md"
    : > "$out"
    dbs="${1:-h2,postgres}"
    for db in ${dbs//,/ }; do
      # the runner inserts the rows in this JVM, then measures in a child JVM with -Xmx64m
      java -cp "$jar" io.shomei.examples.benchmarks.CampaignAtScale "$db" "${2:-1000000}" "${3:-5}" \
        2>&1 | tee -a "$out"
    done
    ;;
  web-load)
    build
    wmode="${1:-quick}"
    web_load "$wmode" | tee "$here/target/web-load-$wmode.md"
    ;;
  *) echo "usage: $0 smoke|quick|full|pairs|campaign-scale|web-load [args...]" >&2; exit 2 ;;
esac
echo "load average (1, 5, 15 min) at end: $(cut -d' ' -f1-3 /proc/loadavg)"
