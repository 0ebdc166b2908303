#!/usr/bin/env bash
# Builds the benchmarks once and runs them with JMH, then prints the ratio table.
#   run.sh quick [JMH regexp and options...]   a few seconds per benchmark, for developers
#   run.sh full  [JMH regexp and options...]   the numbers to publish
# Extra arguments go to JMH, e.g.  run.sh quick Login   or   run.sh full -p db=h2,postgres
# Results: examples/benchmarks/target/jmh-<mode>.json (JMH JSON) and jmh-<mode>.md (the tables).
# Set SKIP_BUILD=1 to reuse target/benchmarks.jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-quick}"
shift || true
case "$mode" in
  quick) jmh_opts=(-f 1 -wi 2 -i 3 -w 1s -r 1s) ;;
  full)  jmh_opts=(-f 2 -wi 3 -i 5 -w 5s -r 10s) ;;
  *) echo "usage: $0 quick|full [JMH args...]" >&2; exit 2 ;;
esac
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -pl examples/benchmarks -am package -DskipTests -Dmaven.javadoc.skip)
fi
jar="$here/target/benchmarks.jar"
json="$here/target/jmh-$mode.json"
java -jar "$jar" "${jmh_opts[@]}" -rf json -rff "$json" "$@"
python3 "$here/ratios.py" "$json" | tee "$here/target/jmh-$mode.md"
