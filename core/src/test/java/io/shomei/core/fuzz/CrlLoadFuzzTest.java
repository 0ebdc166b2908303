package io.shomei.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.identity.CrlLoad;
import io.shomei.core.identity.IssuerCrls;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;

/**
 * Fuzzes the loader of other CAs' CRLs ({@link IssuerCrls#load(byte[])}): arbitrary bytes, and CRLs
 * of the world's CAs whose numbers, dates, entries, reason codes and extensions the fuzzer chooses,
 * sometimes PEM-wrapped, then bytes flipped.
 *
 * <p>Properties: no input makes the loader throw; a {@code Loaded} answer is for a CRL that the
 * JDK also reads, whose signature verifies with the key of the CA it names, with the same issuer,
 * thisUpdate, nextUpdate and number of distinct serials; anything else is a typed refusal.
 */
class CrlLoadFuzzTest {
  private static final TestCa ROOT = FuzzWorld.ROOT;
  private static final TestCa ISSUING = FuzzWorld.ISSUING;

  private static IssuerCrls fresh() {
    return IssuerCrls.builder().consult(ROOT.rootCertificate()).require(ISSUING.certificate())
        .maxCrlBytes(64 * 1024).build();
  }

  /** Arbitrary bytes as a CRL file. */
  @FuzzTest
  void crlBytes(byte[] bytes) {
    check(bytes, fresh().load(bytes));
  }

  /** A CRL of one of the world's CAs with fuzzed content, maybe PEM, then bytes flipped. */
  @FuzzTest
  void mutatedCrl(FuzzedDataProvider data) {
    TestCa ca = data.consumeBoolean() ? ISSUING : ROOT;
    byte[] der;
    try {
      TestCa.CrlBuilder b = ca.crl();
      Instant thisUpdate = FuzzWorld.NOW.plusSeconds(data.consumeLong(-400_000_000L, 400_000_000L));
      b.validity(thisUpdate, data.consumeInt(0, 9) == 0 ? null
          : thisUpdate.plusSeconds(data.consumeLong(-1_000L, 100_000_000L)));
      b.number(data.consumeBoolean() ? null : new BigInteger(data.consumeBytes(9)));
      int entries = data.consumeInt(0, 6);
      for (int i = 0; i < entries; i++) {
        BigInteger serial = data.consumeBoolean() ? FuzzWorld.ACTIVE_NOW.getSerialNumber()
            : new BigInteger(data.consumeBytes(20));
        b.revoke(serial, thisUpdate.minusSeconds(data.consumeInt(0, 1_000_000)),
            data.consumeInt(-1, 11));
      }
      switch (data.consumeInt(0, 4)) {
        case 0 -> b.extension("2.5.29.28", true, new IssuingDistributionPoint(
            (DistributionPointName) null, data.consumeBoolean(), data.consumeBoolean(),
            data.consumeBoolean() ? new ReasonFlags(ReasonFlags.keyCompromise) : null,
            data.consumeBoolean(), data.consumeBoolean()));
        case 1 -> b.extension("2.5.29.27", data.consumeBoolean(), new ASN1Integer(1));
        case 2 -> b.extension("1.3.6.1.4.1.99999.8", data.consumeBoolean(),
            new DEROctetString(data.consumeBytes(8)));
        default -> { } // no further extension
      }
      if (data.consumeInt(0, 7) == 0) {
        b.signatureAlgorithm("SHA1withECDSA");
      }
      der = b.der();
    } catch (RuntimeException e) {
      return; // the fuzzer's choice could not be built into a CRL: nothing to load
    }
    int flips = data.consumeInt(0, 3);
    for (int i = 0; i < flips && der.length > 0; i++) {
      der[data.consumeInt(0, der.length - 1)] ^= (byte) data.consumeInt(1, 255);
    }
    byte[] input = der;
    if (data.consumeBoolean()) {
      input = ("-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder().encodeToString(der)
          + "\n-----END X509 CRL-----\n").getBytes(StandardCharsets.US_ASCII);
    }
    check(input, fresh().load(input));
  }

  private static void check(byte[] input, CrlLoad load) {
    Check.that(load != null, "an answer");
    if (!(load instanceof CrlLoad.Loaded loaded)) {
      return;
    }
    X509CRL crl;
    try {
      crl = (X509CRL) CertificateFactory.getInstance("X.509")
          .generateCRL(new ByteArrayInputStream(input));
    } catch (Exception e) {
      throw new AssertionError("property violated: a loaded CRL reads with the JDK", e);
    }
    PublicKey key = crl.getIssuerX500Principal().equals(ROOT.certificate().getSubjectX500Principal())
        ? ROOT.certificate().getPublicKey() : ISSUING.certificate().getPublicKey();
    try {
      crl.verify(key);
    } catch (Exception e) {
      throw new AssertionError("property violated: a loaded CRL verifies with its CA's key", e);
    }
    Check.that(crl.getIssuerX500Principal().equals(loaded.issuer()), "the issuer", loaded);
    Check.that(crl.getThisUpdate().toInstant().equals(loaded.thisUpdate()), "thisUpdate", loaded);
    Check.that(crl.getNextUpdate() != null
        && crl.getNextUpdate().toInstant().equals(loaded.nextUpdate()), "nextUpdate", loaded);
    Set<BigInteger> serials = new HashSet<>();
    if (crl.getRevokedCertificates() != null) {
      crl.getRevokedCertificates().forEach(e -> serials.add(e.getSerialNumber()));
    }
    Check.that(serials.size() == loaded.entries(), "the number of listed serials", loaded);
  }
}
