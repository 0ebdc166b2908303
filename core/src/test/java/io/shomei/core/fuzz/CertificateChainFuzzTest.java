package io.shomei.core.fuzz;

import static io.shomei.core.fuzz.FuzzWorld.ACCEPTANCE;
import static io.shomei.core.fuzz.FuzzWorld.NOW;
import static io.shomei.core.fuzz.FuzzWorld.SERVICE;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.LoginResult;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.CertificateRecord;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fuzzes certificate-chain acceptance ({@link CertificateAcceptance#accept} and the login flow's
 * {@code presentCertificate}) with arbitrary DER and with mutated valid certificates in chains of
 * any order, length and mix (look-alike CAs with the same names included).
 *
 * <p>Properties: acceptance never throws for a parsed certificate; a certificate is accepted only
 * if it is byte for byte the stored ACTIVE certificate (any mutation, even one the signature
 * survives, is refused); the login flow asks for a password only in that case too.
 */
class CertificateChainFuzzTest {
  private static final Set<String> ACTIVE = FuzzWorld.activeFingerprints();
  private static final List<X509Certificate> POOL = FuzzWorld.pool();
  private static final byte[] ACTIVE_DER = FuzzWorld.der(FuzzWorld.ACTIVE_NOW);
  private static final CertificateFactory X509 = factory();

  /** A Shomei whose only enrolled user holds {@link FuzzWorld#ACTIVE_NOW}. */
  private static final class Bank {
    static final Shomei SHOMEI = Shomei.builder()
        .storage(FuzzWorld.STORAGE.wrapped(c -> c, c -> c, t -> t, a -> new LastRecordAuditLog()))
        .keyCustody(FuzzWorld.ISSUING)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .zone(FuzzWorld.TOKYO)
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Pbkdf2Sha256(1_000), new SecureRandom()))
        .service(FuzzWorld.PROFILE, RuleSet.of())
        .build();

    static {
      if (!(SHOMEI.enrollment().enroll("12345678", SERVICE)
          instanceof EnrollmentResult.Enrolled)) {
        throw new IllegalStateException("fixture enrollment failed");
      }
    }
  }

  /** Arbitrary bytes as the presented certificate, alone and in front of the right issuer. */
  @FuzzTest
  void arbitraryDer(byte[] input) {
    X509Certificate c = parse(input);
    if (c == null) {
      return;
    }
    checkAccept(List.of(c));
    checkAccept(List.of(c, FuzzWorld.ISSUING.certificate()));
    CertificateSummary.of(c, FuzzWorld.TOKYO); // display never throws for a parsed certificate
  }

  /** Mutated valid certificates in chains of any shape, through acceptance and the login flow. */
  @FuzzTest
  void mutatedChain(FuzzedDataProvider data) {
    int length = data.consumeInt(0, 13);
    List<X509Certificate> chain = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      X509Certificate base = data.pickValue(POOL);
      if (data.consumeBoolean()) {
        X509Certificate mutated = parse(mutate(FuzzWorld.der(base), data));
        chain.add(mutated == null ? base : mutated);
      } else {
        chain.add(base);
      }
    }
    checkAccept(chain);
    LoginResult.CertificateStep step = Bank.SHOMEI.login().presentCertificate(SERVICE, chain);
    if (step instanceof LoginResult.PasswordRequired) {
      Check.that(Arrays.equals(FuzzWorld.der(chain.get(0)), ACTIVE_DER),
          "a password is asked for only after the stored active certificate");
    }
  }

  private static void checkAccept(List<X509Certificate> chain) {
    AcceptanceResult r = ACCEPTANCE.accept(chain, SERVICE, NOW);
    if (r instanceof AcceptanceResult.Accepted a) {
      String fp = CertificateRecord.fingerprintOf(FuzzWorld.der(chain.get(0)));
      Check.that(ACTIVE.contains(fp), "only a stored ACTIVE certificate is accepted", fp);
      Check.that(a.certificate().sha256Fingerprint().equals(fp), "bound to its own record");
      Check.that(a.userId().equals("12345678"), "the user is the active certificate's", a);
    } else {
      AcceptanceResult.Refused refused = (AcceptanceResult.Refused) r;
      Check.that(chain.isEmpty() == (refused.reason() == AcceptanceRefusal.NO_CERTIFICATE),
          "NO_CERTIFICATE exactly for an empty chain", refused);
    }
  }

  /** A few random edits: overwrite, insert, delete, truncate. */
  private static byte[] mutate(byte[] der, FuzzedDataProvider data) {
    byte[] b = der.clone();
    int edits = data.consumeInt(1, 4);
    for (int i = 0; i < edits && b.length > 0; i++) {
      int at = data.consumeInt(0, b.length - 1);
      switch (data.consumeInt(0, 3)) {
        case 0 -> b[at] = data.consumeByte();
        case 1 -> {
          byte[] ins = data.consumeBytes(data.consumeInt(1, 8));
          byte[] n = new byte[b.length + ins.length];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(ins, 0, n, at, ins.length);
          System.arraycopy(b, at, n, at + ins.length, b.length - at);
          b = n;
        }
        case 2 -> {
          int len = Math.min(data.consumeInt(1, 8), b.length - at);
          byte[] n = new byte[b.length - len];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(b, at + len, n, at, b.length - at - len);
          b = n;
        }
        default -> b = Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  private static @Nullable X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate) X509.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      return null; // the JDK's parser refused it: nothing reaches Shomei
    }
  }

  private static CertificateFactory factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
