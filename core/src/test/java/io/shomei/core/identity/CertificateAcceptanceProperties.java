package io.shomei.core.identity;

import static io.shomei.core.identity.CertificateAcceptanceTest.ANY_EKU;
import static io.shomei.core.identity.CertificateAcceptanceTest.CLIENT_AUTH;
import static io.shomei.core.identity.CertificateAcceptanceTest.EVIL_ISSUING;
import static io.shomei.core.identity.CertificateAcceptanceTest.FX;
import static io.shomei.core.identity.CertificateAcceptanceTest.ISSUING;
import static io.shomei.core.identity.CertificateAcceptanceTest.ROOT;
import static io.shomei.core.identity.CertificateAcceptanceTest.SERVER_AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.DistinguishedNames;
import io.shomei.testing.gen.DistinguishedNames.GeneratedName;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Generated chains with randomly injected faults (hostile subject, impostor CA, missing
 * intermediate, time outside validity, wrong EKU, weak key or signature, CA flag, missing
 * keyUsage, every store state), presented in random order. Property: accepted exactly when no
 * fault was injected, and a refusal always names one of the injected faults.
 */
class CertificateAcceptanceProperties {
  private static final Instant BASE = Instant.parse("2021-01-01T00:00:00Z");

  /** One generated login attempt. */
  private record Attempt(List<X509Certificate> presented, Instant now, @Nullable String userId,
      Set<AcceptanceRefusal> faults, InMemoryCertificateStore store, String description) {
    @Override
    public String toString() {
      return description + " faults=" + faults;
    }
  }

  private static Attempt attempt(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Set<AcceptanceRefusal> faults = EnumSet.noneOf(AcceptanceRefusal.class);
    List<String> notes = new ArrayList<>();

    boolean evil = r.nextInt(6) == 0;
    boolean direct = !evil && r.nextInt(8) == 0;
    TestCa issuer = evil ? EVIL_ISSUING : direct ? ROOT : ISSUING;
    notes.add(evil ? "impostor CA" : direct ? "root-issued" : "issuing CA");
    if (evil) {
      faults.add(AcceptanceRefusal.UNTRUSTED_CHAIN);
    }

    Instant notBefore = BASE.plusSeconds(86_400L * r.nextInt(1000));
    Instant notAfter = notBefore.plusSeconds(86_400L * (365 + r.nextInt(730)));
    Instant now;
    switch (r.nextInt(8)) {
      case 0 -> {
        now = notBefore.minusSeconds(1 + r.nextInt(100_000));
        faults.add(AcceptanceRefusal.NOT_YET_VALID);
      }
      case 1 -> now = notBefore;
      case 2 -> now = notAfter;
      case 3 -> {
        now = notAfter.plusNanos(1 + r.nextLong(100_000_000_000L));
        faults.add(AcceptanceRefusal.EXPIRED);
      }
      default -> now = notBefore.plusSeconds(r.nextLong(notAfter.getEpochSecond()
          - notBefore.getEpochSecond()));
    }
    notes.add("now=" + now);

    String[] ekus;
    switch (r.nextInt(10)) {
      case 0 -> ekus = new String[] {SERVER_AUTH};
      case 1 -> ekus = new String[] {ANY_EKU};
      case 2 -> ekus = new String[0];
      case 3 -> ekus = new String[] {SERVER_AUTH, CLIENT_AUTH};
      default -> ekus = new String[] {CLIENT_AUTH};
    }
    if (!Arrays.asList(ekus).contains(CLIENT_AUTH)) {
      faults.add(AcceptanceRefusal.NOT_FOR_CLIENT_AUTHENTICATION);
    }
    notes.add("eku=" + Arrays.toString(ekus));

    KeyType keyType = switch (r.nextInt(10)) {
      case 0 -> KeyType.RSA_1024;
      case 1 -> KeyType.RSA_2048;
      case 2 -> KeyType.EC_P384;
      default -> KeyType.EC_P256;
    };
    if (keyType == KeyType.RSA_1024) {
      faults.add(AcceptanceRefusal.WEAK_KEY);
    }
    notes.add(keyType.toString());

    TestCa.LeafBuilder b = issuer.leaf().validity(notBefore, notAfter).extendedKeyUsages(ekus)
        .keyType(keyType);
    if (r.nextInt(15) == 0) {
      b.ca(true);
      faults.add(AcceptanceRefusal.CA_CERTIFICATE_AS_LEAF);
      notes.add("CA flag");
    }
    if (r.nextInt(15) == 0) {
      b.keyUsage(KeyUsage.keyAgreement);
      faults.add(AcceptanceRefusal.NO_DIGITAL_SIGNATURE_USAGE);
      notes.add("no digitalSignature");
    }
    if (r.nextInt(15) == 0) {
      b.signatureAlgorithm("SHA1withECDSA");
      faults.add(AcceptanceRefusal.WEAK_SIGNATURE_ALGORITHM);
      notes.add("SHA-1");
    }

    // The subject: hostile ones only if the certificate carries their bytes unchanged.
    GeneratedName subject = r.nextInt(4) == 0 ? DistinguishedNames.hostile(r)
        : DistinguishedNames.wellFormed(r);
    X509Certificate leaf = null;
    try {
      leaf = b.subject(subject.der()).issue().certificate();
    } catch (RuntimeException e) {
      // not a parseable Name: fall through to a well-formed one
    }
    if (leaf == null
        || !Arrays.equals(leaf.getSubjectX500Principal().getEncoded(), subject.der())) {
      subject = DistinguishedNames.wellFormed(r);
      leaf = b.subject(subject.der()).issue().certificate();
    }
    String userId = subject.expectedUserId();
    if (userId == null) {
      faults.add(AcceptanceRefusal.SUBJECT_NOT_MAPPABLE);
    }
    notes.add("subject=" + subject);

    // Presentation: the leaf first, then the CA certificates in random order.
    List<X509Certificate> others = new ArrayList<>();
    if (issuer != ROOT) {
      if (r.nextInt(12) == 0) {
        faults.add(AcceptanceRefusal.UNTRUSTED_CHAIN);
        notes.add("intermediate missing");
      } else {
        others.add(issuer.certificate());
      }
    }
    if (r.nextBoolean()) {
      others.add(ROOT.rootCertificate());
    }
    if (r.nextInt(4) == 0) {
      others.add(EVIL_ISSUING.certificate());
    }
    for (int i = others.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      others.set(i, others.set(j, others.get(i)));
    }
    List<X509Certificate> presented = new ArrayList<>();
    presented.add(leaf);
    presented.addAll(others);

    // The store.
    InMemoryCertificateStore store = new InMemoryCertificateStore();
    AccountKey account = new AccountKey(userId == null ? "99999999" : userId, FX);
    int state = r.nextInt(14);
    if (state == 4) {
      account = new AccountKey(account.userId().equals("11111111") ? "22222222" : "11111111", FX);
    }
    CertificateRecord rec = CertificateRecord.issued(leaf.getSerialNumber(), account,
        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), der(leaf), BASE,
        state != 5, "test");
    switch (state) {
      case 0 -> faults.add(AcceptanceRefusal.UNKNOWN_CERTIFICATE);
      case 1 -> {
        store.record(rec);
        faults.add(AcceptanceRefusal.NOT_ACTIVE);
      }
      case 2 -> {
        store.record(rec.withStatus(CertificateStatus.SUPERSEDED, BASE, BigInteger.ONE, null));
        faults.add(AcceptanceRefusal.SUPERSEDED);
      }
      case 3 -> {
        store.record(rec.withStatus(CertificateStatus.REVOKED, BASE, null,
            RevocationReason.KEY_COMPROMISE));
        faults.add(AcceptanceRefusal.REVOKED);
      }
      default -> {
        store.record(rec);
        store.activate(rec.serial(), null, BASE);
        if (state == 4) {
          faults.add(AcceptanceRefusal.OTHER_ACCOUNT);
        } else if (state == 5) {
          faults.add(AcceptanceRefusal.NON_CONFORMING);
        }
      }
    }
    notes.add("store state " + state);
    return new Attempt(List.copyOf(presented), now, userId, faults, store, String.join("; ", notes));
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void acceptedExactlyWithoutFaultsAndRefusalsNameAnInjectedFault() {
    qt().withExamples(300).withShrinkCycles(10) // each shrink step issues certificates
        .forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).map(
            CertificateAcceptanceProperties::attempt))
        .checkAssert(a -> {
          AcceptanceResult result = CertificateAcceptanceTest.acceptanceOver(a.store())
              .accept(a.presented(), FX, a.now());
          if (a.faults().isEmpty()) {
            assertThat(result).as(a.toString()).isInstanceOf(AcceptanceResult.Accepted.class);
            assertThat(((AcceptanceResult.Accepted) result).userId()).isEqualTo(a.userId());
          } else {
            assertThat(result).as(a.toString()).isInstanceOfSatisfying(
                AcceptanceResult.Refused.class,
                x -> assertThat(a.faults()).as(a + " refused with " + x.reason() + ": "
                    + x.detail()).contains(x.reason()));
          }
        });
  }

  @Test
  void refusalNeverDependsOnTheOrderOfTheOtherCertificates() {
    qt().withExamples(150).withShrinkCycles(10).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          Attempt a = attempt(seed);
          CertificateAcceptance acceptance = CertificateAcceptanceTest.acceptanceOver(a.store());
          List<X509Certificate> reversed = new ArrayList<>(a.presented().subList(1,
              a.presented().size()));
          java.util.Collections.reverse(reversed);
          reversed.add(0, a.presented().get(0));
          assertThat(kind(acceptance.accept(reversed, FX, a.now())))
              .as(a.toString()).isEqualTo(kind(acceptance.accept(a.presented(), FX, a.now())));
        });
  }

  @Test
  void scenariosCoverEveryInjectedFaultAndCleanLogins() {
    Set<AcceptanceRefusal> seen = EnumSet.noneOf(AcceptanceRefusal.class);
    int clean = 0;
    for (long seed = 0; seed < 400; seed++) {
      Attempt a = attempt(seed);
      seen.addAll(a.faults());
      clean += a.faults().isEmpty() ? 1 : 0;
    }
    assertThat(clean).isGreaterThan(20);
    // malformed encodings are gen.PresentedChains' field (PresentedBytesAcceptanceTest); the
    // issuers' CRLs are IssuerCrlsProperties' and AdoptedCaRevocationTest's (no CRLs here)
    assertThat(seen).containsAll(EnumSet.complementOf(EnumSet.of(AcceptanceRefusal.NO_CERTIFICATE,
        AcceptanceRefusal.SELF_SIGNED_LEAF, AcceptanceRefusal.MALFORMED_CERTIFICATE,
        AcceptanceRefusal.REVOKED_BY_ISSUER, AcceptanceRefusal.REVOCATION_STATUS_UNKNOWN)));
  }

  private static String kind(AcceptanceResult r) {
    return r instanceof AcceptanceResult.Refused x ? x.reason().toString() : "ACCEPTED";
  }
}
