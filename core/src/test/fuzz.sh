#!/usr/bin/env bash
# Fuzzes Shomei's Jazzer @FuzzTests for real (coverage-guided), one target after the other.
#
#   core/src/test/fuzz.sh [DURATION] [Class#method ...]
#
# DURATION is per target, in Jazzer's syntax (30s, 5m, 1h; default 5m). Without targets, every
# @FuzzTest in core/src/test/java/io/shomei/core/fuzz is fuzzed. Examples:
#
#   core/src/test/fuzz.sh 10m                       # every target, 10 minutes each
#   core/src/test/fuzz.sh 30m RuleFileFuzzTest#ruleFile
#
# A finding fails that target: Jazzer writes the input to
# core/src/test/resources/io/shomei/core/fuzz/<Class>Inputs/<method>/crash-<sha1>, where plain
# `mvn verify` replays it from then on (regression mode). Commit it with the fix and a named
# regression test. The growing corpus goes to core/.cifuzz-corpus/ (not committed; reused by the
# next run); to let CI replay what a long run reached, copy it into the inputs directory:
#   cp core/.cifuzz-corpus/io.shomei.core.fuzz.<Class>/<method>/* \
#      core/src/test/resources/io/shomei/core/fuzz/<Class>Inputs/<method>/
# Logs and a summary line per target go to core/target/fuzz/.
#
# Jazzer's instrumentation is on only here (-Dshomei.jazzer.hooks=true); the regression run of
# plain `mvn verify` needs no agent flags. Each run needs about 1.5 GB of RAM.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
duration=${1:-5m}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    CsrFuzzTest#csrBytes CsrFuzzTest#signedCsrWithHostileContent CsrFuzzTest#userId
    CertificateChainFuzzTest#arbitraryDer CertificateChainFuzzTest#mutatedChain
    SubjectMappingFuzzTest#nameDer SubjectMappingFuzzTest#builtName
    SubjectMappingFuzzTest#nameInCertificate
    RuleFileFuzzTest#ruleFile
    PasswordFuzzTest#candidate PasswordFuzzTest#pkcs12Password
    CampaignCsvFuzzTest#row
    OcspRequestFuzzTest#postBody OcspRequestFuzzTest#getPath OcspRequestFuzzTest#requestAboutOurCa
    ForwardedHeaderFuzzTest#rfc9440 ForwardedHeaderFuzzTest#nginxEscapedPem
    ForwardedHeaderFuzzTest#haproxyBase64Der ForwardedHeaderFuzzTest#apachePem
    ForwardedHeaderFuzzTest#envoyXfcc
    CrlLoadFuzzTest#crlBytes CrlLoadFuzzTest#mutatedCrl
  )
fi

logs=core/target/fuzz
mkdir -p "$logs"
# Build once; each target then only runs surefire.
mvn -B -q ${MAVEN_ARGS:-} -pl spi,src-test-fixtures,core -am test-compile -Dmaven.javadoc.skip

failed=0
for t in "${targets[@]}"; do
  log="$logs/${t//#/.}.log"
  echo "== fuzzing $t for $duration (log: $log)"
  start=$(date +%s)
  if JAZZER_FUZZ=1 mvn -B ${MAVEN_ARGS:-} -pl spi,src-test-fixtures,core test \
      -Dmaven.javadoc.skip -Dsurefire.failIfNoSpecifiedTests=false \
      -Dtest="$t" -Dshomei.jazzer.hooks=true -Djazzer.max_duration="$duration" >"$log" 2>&1; then
    result=passed
  else
    result=FAILED
    failed=1
  fi
  # libFuzzer's closing line: "Done 123456 runs in 300 second(s)"; on a finding, the last "#N" line
  runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  [ -z "$runs" ] && runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | sed 's/^#/last status at run /' || true)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+' "$log" | tail -1 || true)
  echo "   $t: $result after $(( $(date +%s) - start ))s: ${runs:-no libFuzzer statistics} ${cov:+($cov)}" \
    | tee -a "$logs/summary.txt"
  grep -E 'FuzzTestFinding|Caused by|property violated' "$log" | head -5 || true
done
exit $failed
