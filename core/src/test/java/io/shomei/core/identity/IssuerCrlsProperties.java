package io.shomei.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.Instants;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The revocation step against a model: for a root, two intermediates and their customers'
 * certificates, random CRLs (loaded or not, listing random certificates and unrelated serials,
 * fresh or stale at the instant asked) and random requirements, a path is refused as revoked
 * exactly when one of its certificates is listed on its issuer's loaded CRL, else as status unknown
 * exactly when an issuer on it requires a CRL and has no current one, else let through.
 */
class IssuerCrlsProperties {
  static final TestCa ROOT = TestCa.root("Property Root");
  static final List<TestCa> CAS = List.of(ROOT.intermediate("Property CA 1"),
      ROOT.intermediate("Property CA 2"));
  static final List<List<X509Certificate>> LEAVES = leaves();
  static final Instant THIS_UPDATE = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant NEXT_UPDATE = Instant.parse("2026-01-08T00:00:00Z");

  static List<List<X509Certificate>> leaves() {
    List<List<X509Certificate>> all = new ArrayList<>();
    for (TestCa ca : CAS) {
      List<X509Certificate> l = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        l.add(ca.leaf().commonName("1000000" + i).issue().certificate());
      }
      all.add(List.copyOf(l));
    }
    return List.copyOf(all);
  }

  /** One issuer's situation: configured or not, required, its CRL (if loaded) and what it lists. */
  record Issuer(boolean configured, boolean required, boolean loaded, List<BigInteger> listed) {}

  static Issuer issuer(SplittableRandom random, List<X509Certificate> issued) {
    boolean configured = random.nextInt(4) != 0;
    List<BigInteger> listed = new ArrayList<>();
    for (X509Certificate c : issued) {
      if (random.nextInt(3) == 0) {
        listed.add(c.getSerialNumber());
      }
    }
    if (random.nextBoolean()) {
      listed.add(BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE))); // someone else's
    }
    return new Issuer(configured, configured && random.nextBoolean(),
        configured && random.nextInt(3) != 0, List.copyOf(listed));
  }

  @Test
  void aPathIsRefusedExactlyWhenTheModelSaysSo() {
    qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      Issuer root = issuer(random, CAS.stream().map(TestCa::certificate).toList());
      List<Issuer> cas = List.of(issuer(random, LEAVES.get(0)), issuer(random, LEAVES.get(1)));
      Instant now = Instants.around(random, THIS_UPDATE, NEXT_UPDATE);

      IssuerCrls.Builder b = IssuerCrls.builder();
      configure(b, root, ROOT.rootCertificate());
      for (int i = 0; i < CAS.size(); i++) {
        configure(b, cas.get(i), CAS.get(i).certificate());
      }
      IssuerCrls crls = b.build();
      load(crls, root, ROOT);
      for (int i = 0; i < CAS.size(); i++) {
        load(crls, cas.get(i), CAS.get(i));
      }

      int which = random.nextInt(CAS.size());
      X509Certificate leaf = LEAVES.get(which).get(random.nextInt(4));
      X509Certificate ca = CAS.get(which).certificate();
      IssuerCrls.Problem p = crls.check(List.of(leaf, ca), ROOT.rootCertificate(), now);

      AcceptanceRefusal expected = expected(cas.get(which), leaf, root, ca, now);
      assertThat(p == null ? null : p.reason()).as("seed %s", seed).isEqualTo(expected);
    });
  }

  static @Nullable AcceptanceRefusal expected(Issuer leafIssuer, X509Certificate leaf,
      Issuer root, X509Certificate ca, Instant now) {
    boolean stale = now.isAfter(NEXT_UPDATE);
    if (listed(leafIssuer, leaf) || listed(root, ca)) {
      return AcceptanceRefusal.REVOKED_BY_ISSUER;
    }
    if ((leafIssuer.required() && (!leafIssuer.loaded() || stale))
        || (root.required() && (!root.loaded() || stale))) {
      return AcceptanceRefusal.REVOCATION_STATUS_UNKNOWN;
    }
    return null;
  }

  static boolean listed(Issuer issuer, X509Certificate c) {
    return issuer.loaded() && issuer.listed().contains(c.getSerialNumber());
  }

  static void configure(IssuerCrls.Builder b, Issuer issuer, X509Certificate ca) {
    if (issuer.required()) {
      b.require(ca);
    } else if (issuer.configured()) {
      b.consult(ca);
    }
  }

  static void load(IssuerCrls crls, Issuer issuer, TestCa ca) {
    if (!issuer.loaded()) {
      return;
    }
    TestCa.CrlBuilder crl = ca.crl().validity(THIS_UPDATE, NEXT_UPDATE);
    for (BigInteger serial : issuer.listed()) {
      crl.revoke(serial, THIS_UPDATE, -1);
    }
    assertThat(crls.load(crl.der())).isInstanceOf(CrlLoad.Loaded.class);
  }
}
