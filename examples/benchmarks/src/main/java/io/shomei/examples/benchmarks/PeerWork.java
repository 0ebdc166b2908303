package io.shomei.examples.benchmarks;

import io.shomei.spi.Secret;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Result;
import io.shomei.testing.ca.TestCa;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The Shomei side of {@code compare.sh}: does one kind of work in a loop inside one JVM and prints the
 * wall-clock time and this thread's CPU time per operation in microseconds on the last line
 * ({@code "wall cpu"}), after an untimed warm-up of the same count and at least 5 s (JIT compilation
 * would otherwise be charged to the first operations). The CPU time leaves out other threads (GC, JIT).
 *
 * <pre>
 *   PeerWork p12 N          server key generation + certificate + PKCS#12 (COMPAT), N times
 *   PeerWork argon2 N       PasswordHasher.argon2id().hash, N times
 *   PeerWork csr N FILE...  issueForCsr over the given PEM/DER CSRs, N operations in all
 * </pre>
 */
public final class PeerWork {
  private PeerWork() {}

  /**
   * Runs one kind of work.
   *
   * @param args the work, the count, and for {@code csr} the request files
   * @throws IOException if a request file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: PeerWork p12|argon2|csr N [csr files]");
    }
    int n = Integer.parseInt(args[1]);
    SecureRandom random = new SecureRandom();
    TestCa ca = TestCa.root("Compare CA");
    CertificateProfile profile = Fixtures.profile();
    CertificateIssuer issuer = Fixtures.issuer(ca, random);
    Supplier<Object> work = switch (args[0]) {
      case "p12" -> {
        Pkcs12Packager packager = Pkcs12Packager.builder().secureRandom(random).build();
        char[] password = "Kx7-pQ2m-Zt9w-R4vY".toCharArray();
        yield () -> {
          Pkcs12Result r = packager.pack(
              Fixtures.issued(issuer.issueWithGeneratedKey(profile, Fixtures.USER_ID)),
              Secret.copyOf(password));
          if (!(r instanceof Pkcs12Result.Packaged)) {
            throw new IllegalStateException("refused: " + r);
          }
          return r;
        };
      }
      case "argon2" -> {
        PasswordHasher hasher = PasswordHasher.argon2id(random);
        yield () -> hasher.hash(Secret.of("correct-Horse-7-battery"));
      }
      case "csr" -> {
        if (args.length < 3) {
          throw new IllegalArgumentException("csr needs request files");
        }
        byte[][] csrs = new byte[args.length - 2][];
        for (int i = 2; i < args.length; i++) {
          csrs[i - 2] = Files.readAllBytes(Path.of(args[i]));
        }
        int[] next = {0};
        yield () -> {
          next[0] = (next[0] + 1) % csrs.length;
          return Fixtures.issued(issuer.issueForCsr(profile, Fixtures.USER_ID, csrs[next[0]]));
        };
      }
      default -> throw new IllegalArgumentException("unknown work " + args[0]);
    };
    long sink = 0;
    // warm-up: n operations and at least 5 s, for the JIT. compare.sh also starts this JVM with a
    // pre-touched heap: without it the first hashes pay the kernel's first touch of every new heap
    // region (19 MiB per Argon2 hash; 65-100 ms a hash instead of 25-30 ms on the machine of
    // BENCHMARKS.md, for as long as the heap keeps growing)
    long warm = System.nanoTime() + 5_000_000_000L;
    for (int i = 0; i < n || System.nanoTime() < warm; i++) {
      sink += work.get().hashCode();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink += work.get().hashCode();
    }
    long elapsed = System.nanoTime() - start;
    cpu = threads.getCurrentThreadCpuTime() - cpu;
    System.out.println("# sink " + (sink & 1));
    System.out.println(String.format(Locale.ROOT, "%.1f %.1f", elapsed / 1e3 / n, cpu / 1e3 / n));
  }
}
