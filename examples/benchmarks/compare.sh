#!/usr/bin/env bash
# Shomei beside real peers, alternating in the same run, with a table of ratios and fairness notes.
#   compare.sh [quick|full]
# Peers: OpenSSL 3 CLI (keygen + req + CA sign + pkcs12 -export per certificate), the native argon2
# CLI (Debian argon2) and its library in-process (Debian libargon2-1, through argon2lib.py) at
# m=19 MiB t=2 p=1, cfssl (Debian golang-cfssl, if installed) signing the same CSRs as Shomei.
# Spring Security's CN regex is a JMH benchmark (LoginBenchmark.mapSpringRegex).
# Set SKIP_BUILD=1 to reuse target/benchmarks.jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-quick}"
case "$mode" in
  quick) rounds=3; n_ossl=10; n_p12=40; n_argon=5; n_cfssl=10; n_csr=200 ;;
  full)  rounds=5; n_ossl=50; n_p12=300; n_argon=20; n_cfssl=50; n_csr=2000 ;;
  *) echo "usage: $0 quick|full" >&2; exit 2 ;;
esac
for tool in openssl argon2 python3 java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: openssl, argon2, python3, openjdk-17-jdk-headless)" >&2; exit 1; }
done
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -pl examples/benchmarks -am package -DskipTests -Dmaven.javadoc.skip)
fi
jar="$here/target/benchmarks.jar"
# Shomei's JVM as a server runs it: fixed, pre-touched heap (else the kernel's first touch of each
# new heap region is charged to the work: Argon2 allocates 19 MiB per hash)
jvm=(java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp "$jar")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
results="$work/results.txt"
now() { date +%s%N; }
pw='Kx7-pQ2m-Zt9w-R4vY'

# --- an OpenSSL CA of the same kind as Shomei's test CA (EC P-256, SHA256withECDSA) ---
openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
openssl req -new -x509 -key ca.key -subj "/CN=Compare CA/O=Shomei Test" -days 3650 -out ca.pem 2>/dev/null
cat > leaf.ext <<'EXT'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
certificatePolicies = 1.3.6.1.4.1.55555.1.1
EXT

openssl_one() {  # one certificate the way a shell script does it: 4 processes
  openssl ecparam -name prime256v1 -genkey -noout -out u.key 2>/dev/null
  openssl req -new -key u.key -subj "/C=JP/O=Example Bank/CN=12345678" -out u.csr 2>/dev/null
  openssl x509 -req -in u.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 730 -sha256 \
    -extfile leaf.ext -out u.pem 2>/dev/null
  # Shomei's COMPAT profile: 3DES, SHA-1 MAC, 2048 iterations (openssl 3 defaults are AES/SHA-256)
  openssl pkcs12 -export -inkey u.key -in u.pem -certfile ca.pem -name 12345678 \
    -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -iter 2048 -passout "pass:$pw" \
    -out u.p12 2>/dev/null
}

# CSRs for the signing comparison, made once (not timed)
csrs=()
for i in 1 2 3 4 5 6 7 8; do
  openssl ecparam -name prime256v1 -genkey -noout -out "c$i.key" 2>/dev/null
  openssl req -new -key "c$i.key" -subj "/CN=1234567$i" -out "c$i.csr" 2>/dev/null
  csrs+=("$work/c$i.csr")
done
have_libargon2=0
if python3 "$here/argon2lib.py" 1 >/dev/null 2>&1; then
  have_libargon2=1
else
  echo "libargon2.so.1 not loadable (Debian: libargon2-1): the in-process argon2 row is skipped" >&2
fi
have_cfssl=0
if command -v cfssl >/dev/null; then
  have_cfssl=1
else
  echo "cfssl not installed (Debian: golang-cfssl): its row is skipped" >&2
fi

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "compare.sh $mode: $rounds rounds, peers and Shomei alternating in each round (load $load_start)"
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  # process start-up cost of the openssl binary alone
  t0=$(now); for i in $(seq 1 "$n_ossl"); do openssl version >/dev/null; done; t1=$(now)
  echo "openssl-startup $r $(( (t1 - t0) / 1000 / n_ossl ))" >> "$results"
  # OpenSSL: keygen + req + sign + pkcs12 per certificate
  t0=$(now); for i in $(seq 1 "$n_ossl"); do openssl_one; done; t1=$(now)
  echo "openssl-p12 $r $(( (t1 - t0) / 1000 / n_ossl ))" >> "$results"
  # Shomei: the same per-certificate work in one JVM (warm-up, then timed)
  echo "shomei-p12 $r $("${jvm[@]}" io.shomei.examples.benchmarks.PeerWork p12 "$n_p12" | tail -1)" >> "$results"
  # argon2, three ways, all m=19 MiB (19456 KiB), t=2, one lane and one thread, 16-byte salt,
  # 32-byte output: (1) the CLI, one process per hash: its own printed time and the wall time of the
  # whole process; (2) the same C library in-process (python3 ctypes, warm, no process start):
  # wall and CPU time per hash; (3) Shomei in a warm JVM: wall and CPU time per hash.
  printed=0
  process=0
  for i in $(seq 1 "$n_argon"); do
    salt="$(openssl rand -hex 8)"
    t0=$(now)
    out="$(printf '%s' 'correct-Horse-7-battery' | argon2 "$salt" -id -t 2 -k 19456 -p 1 -l 32)"
    t1=$(now)
    process=$(( process + (t1 - t0) / 1000 ))
    # "0.099 seconds" -> microseconds
    printed=$(( printed + $(awk '/seconds/ {printf "%d", $1 * 1000000}' <<<"$out") ))
  done
  echo "argon2-cli $r $(( printed / n_argon ))" >> "$results"
  echo "argon2-cli-process $r $(( process / n_argon ))" >> "$results"
  if [[ $have_libargon2 == 1 ]]; then
    echo "argon2-lib $r $(python3 "$here/argon2lib.py" "$n_argon")" >> "$results"
  fi
  echo "shomei-argon2 $r $("${jvm[@]}" io.shomei.examples.benchmarks.PeerWork argon2 "$n_argon" | tail -1)" >> "$results"
  if [[ $have_cfssl == 1 ]]; then
    t0=$(now)
    for i in $(seq 1 "$n_cfssl"); do
      cfssl sign -ca ca.pem -ca-key ca.key "${csrs[$(( i % ${#csrs[@]} ))]}" >/dev/null 2>&1
    done
    t1=$(now)
    echo "cfssl-sign $r $(( (t1 - t0) / 1000 / n_cfssl ))" >> "$results"
    echo "shomei-csr $r $("${jvm[@]}" io.shomei.examples.benchmarks.PeerWork csr "$n_csr" "${csrs[@]}" | tail -1)" >> "$results"
  fi
done

python3 - "$results" "$(cut -d' ' -f1-3 /proc/loadavg)" "$load_start" <<'PY'
import statistics, sys
rows, cpu = {}, {}
for line in open(sys.argv[1]):
    f = line.split()
    rows.setdefault(f[0], {})[int(f[1])] = float(f[2])
    if len(f) > 3:
        cpu.setdefault(f[0], {})[int(f[1])] = float(f[3])
def med(name, t=rows):
    return statistics.median(t[name].values())
def per_round_ratio(a, b, t=rows, u=None):
    u = t if u is None else u
    return statistics.median(t[a][r] / u[b][r] for r in t[a] if r in u[b])
print()
print(f"load average (1, 5, 15 min): {sys.argv[3]} at start, {sys.argv[2]} at end")
print()
print("| work | Shomei (median us/op) | peer | peer (median us/op) | ratio Shomei/peer (median of rounds) |")
print("|---|---:|---|---:|---:|")
print(f"| keygen + cert + PKCS#12 (COMPAT) | {med('shomei-p12'):.0f} | openssl CLI, 4 processes | {med('openssl-p12'):.0f} | {per_round_ratio('shomei-p12', 'openssl-p12'):.3f} |")
s = med('openssl-startup')
print(f"| (same, peer minus 4 x start-up) | {med('shomei-p12'):.0f} | openssl minus {s:.0f} us x 4 | {med('openssl-p12') - 4 * s:.0f} | {med('shomei-p12') / (med('openssl-p12') - 4 * s):.3f} |")
if 'argon2-lib' in rows:
    print(f"| Argon2id hash, in-process, wall | {med('shomei-argon2'):.0f} | libargon2 (C) via ctypes, wall | {med('argon2-lib'):.0f} | {per_round_ratio('shomei-argon2', 'argon2-lib'):.3f} |")
    print(f"| Argon2id hash, in-process, CPU of the hashing thread | {med('shomei-argon2', cpu):.0f} | libargon2 (C) via ctypes, CPU | {med('argon2-lib', cpu):.0f} | {per_round_ratio('shomei-argon2', 'argon2-lib', cpu):.3f} |")
print(f"| Argon2id hash (Shomei wall) | {med('shomei-argon2'):.0f} | argon2 CLI, whole process per hash | {med('argon2-cli-process'):.0f} | {per_round_ratio('shomei-argon2', 'argon2-cli-process'):.3f} |")
print(f"| Argon2id hash (Shomei CPU) | {med('shomei-argon2', cpu):.0f} | argon2 CLI's printed time | {med('argon2-cli'):.0f} | {per_round_ratio('shomei-argon2', 'argon2-cli', cpu, rows):.3f} |")
if 'cfssl-sign' in rows:
    print(f"| sign a CSR (verify + issue) | {med('shomei-csr'):.0f} | cfssl sign, 1 process per CSR | {med('cfssl-sign'):.0f} | {per_round_ratio('shomei-csr', 'cfssl-sign'):.3f} |")
print()
print("Per round (us/op; CPU in brackets where measured):")
for name in sorted(rows):
    print(f"  {name:20s} " + "  ".join(
        f"{rows[name][r]:>9.0f}" + (f" [{cpu[name][r]:.0f}]" if name in cpu and r in cpu[name] else "")
        for r in sorted(rows[name])))
print("""
Fairness notes:
- OpenSSL runs as a shell script would: four processes per certificate (ecparam, req, x509,
  pkcs12), each paying process start-up, config loading and provider initialisation, and files in a
  temporary directory. Shomei runs in one warmed-up JVM (JIT done, untimed warm-up of the same
  length) with no files. The 'minus start-up' row subtracts the time of 'openssl version' (the
  cheapest process start) four times; it is an estimate, not a measurement of openssl's library.
  The PKCS#12 parameters match Shomei's COMPAT profile (PBE-SHA1-3DES, SHA-1 MAC, 2048 iterations).
- argon2: every side uses m = 19456 KiB, t = 2, one lane computed by one thread (the CLI's -p sets
  lanes and threads together; Shomei's default is p = 1, and Bouncy Castle computes lanes on the
  calling thread), a 16-byte salt and a 32-byte output. Debian's argon2 and libargon2 are the
  portable reference build (no SSE/AVX code), not the optimised one. The fair pair is the
  in-process one: the C library called in a loop from one process (python3 ctypes; the call costs
  microseconds) against Shomei in a warm JVM, both reusing their memory. The CLI's printed time is
  clock(): CPU time of its hash including the kernel's zeroing of 19 MiB of fresh pages, without
  process start and without the verification pass it runs afterwards; the 'whole process' row has
  all of that. Comparing Shomei's wall time with the CLI's printed CPU time (as the first version
  of this script did) mixes two clocks: on a loaded machine wall time grows, CPU time much less.
  Memory parity: the library in-process and Shomei's JVM (fixed heap, -XX:+AlwaysPreTouch) reuse
  memory the kernel has already mapped; the CLI maps 19 MiB of fresh pages per process, and on the
  machine of BENCHMARKS.md that first touch costs more than the hash itself (a JVM whose heap is
  still growing pays it too: 65-100 ms a hash instead of 25-30 ms).
  Shomei's CPU column is the hashing thread only: the GC's work on the 19 MiB it allocates per
  hash is on other threads (see the wall column).
- cfssl: one process per CSR (Go start-up, reading the CA key each time) and its default profile;
  Shomei signs in a warm JVM. cfssl's server mode (cfssl serve) would batch; it is not run here.
- Spring Security's CN regex is measured in JMH (LoginBenchmark.mapSpringRegex vs mapShomei).
- All of it on a shared, loaded machine: take ratios from the same round, not absolute times.
""")
PY
