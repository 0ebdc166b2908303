package io.shomei.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.ocsp.OcspAnswer;
import io.shomei.core.ocsp.OcspResponder;
import io.shomei.spi.CertificateRecord;
import java.math.BigInteger;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Fuzzes the OCSP responder's request parsing: raw POST bodies, GET paths, and requests about the
 * world's issuing CA whose fields and bytes the fuzzer chooses.
 *
 * <p>Properties: no input makes the responder throw; every answer is HTTP 200 with a DER
 * {@code OCSPResponse} (or an empty 413 for an oversized body); a bad request is
 * {@code malformedRequest}; a store that works never yields {@code internalError}; a successful
 * answer verifies with the CA key and, for each certificate asked, says exactly what the record
 * says (good for ACTIVE and ISSUED, revoked for REVOKED and SUPERSEDED, unknown otherwise).
 */
class OcspRequestFuzzTest {
  private static final OcspResponder OCSP = OcspResponder.builder()
      .certificateStore(FuzzWorld.STORE).keyCustody(FuzzWorld.ISSUING)
      .clock(Clock.fixed(FuzzWorld.NOW, ZoneOffset.UTC)).build();
  private static final List<BigInteger> SERIALS = List.of(
      FuzzWorld.ACTIVE_NOW.getSerialNumber(), FuzzWorld.SUPERSEDED.certificate().getSerialNumber(),
      FuzzWorld.REVOKED.certificate().getSerialNumber(),
      FuzzWorld.NEVER_ACTIVATED.certificate().getSerialNumber());
  private static final X509CertificateHolder ISSUER = holder();

  /** Arbitrary bytes as a POST body. */
  @FuzzTest
  void postBody(byte[] bytes) {
    check(OCSP.post(bytes));
  }

  /** Arbitrary text as the path of a GET. */
  @FuzzTest
  void getPath(FuzzedDataProvider data) {
    check(OCSP.get(data.consumeRemainingAsString()));
  }

  /** A request about the world's CA with fuzzed serials, hash, nonce and extension, then bytes flipped. */
  @FuzzTest
  void requestAboutOurCa(FuzzedDataProvider data) {
    byte[] der;
    try {
      OCSPReqBuilder b = new OCSPReqBuilder();
      int n = data.consumeInt(1, 3);
      for (int i = 0; i < n; i++) {
        BigInteger serial = data.consumeBoolean()
            ? SERIALS.get(data.consumeInt(0, SERIALS.size() - 1))
            : new BigInteger(data.consumeBytes(24));
        AlgorithmIdentifier alg = data.consumeBoolean() ? CertificateID.HASH_SHA1
            : new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
        b.addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(alg),
            ISSUER, serial));
      }
      if (data.consumeBoolean()) {
        byte[] nonce = data.consumeBytes(40);
        Extension e = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, data.consumeBoolean(),
            data.consumeBoolean() ? new DEROctetString(nonce).getEncoded() : nonce);
        if (data.consumeBoolean()) {
          b.setRequestExtensions(new Extensions(new Extension[] {e, new Extension(
              new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.9"), data.consumeBoolean(),
              new DEROctetString(data.consumeBytes(8)).getEncoded())}));
        } else {
          b.setRequestExtensions(new Extensions(e));
        }
      }
      der = b.build().getEncoded();
    } catch (Exception e) {
      return; // the fuzzer's choice could not be built into a request: nothing to send
    }
    int flips = data.consumeInt(0, 4);
    for (int i = 0; i < flips && der.length > 0; i++) {
      der[data.consumeInt(0, der.length - 1)] ^= (byte) data.consumeInt(1, 255);
    }
    check(OCSP.post(der));
  }

  private static void check(OcspAnswer a) {
    if (a.outcome() == OcspAnswer.Outcome.NOT_OCSP) {
      Check.that(a.httpStatus() == 413 && a.body().length == 0, "only oversize is not OCSP", a);
      return;
    }
    Check.that(a.httpStatus() == 200, "an OCSP answer is HTTP 200", a);
    Check.that(a.outcome() != OcspAnswer.Outcome.INTERNAL_ERROR, "a working store never fails", a);
    OCSPResp resp;
    try {
      resp = new OCSPResp(a.body());
    } catch (Exception e) {
      throw new AssertionError("property violated: the body is an OCSPResponse", e);
    }
    int expected = switch (a.outcome()) {
      case SUCCESSFUL -> OCSPResp.SUCCESSFUL;
      case MALFORMED_REQUEST -> OCSPResp.MALFORMED_REQUEST;
      case UNAUTHORIZED -> OCSPResp.UNAUTHORIZED;
      default -> -1;
    };
    Check.that(resp.getStatus() == expected, "the OCSP status matches the outcome", a);
    if (a.outcome() != OcspAnswer.Outcome.SUCCESSFUL) {
      return;
    }
    try {
      BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
      Check.that(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
          .build(FuzzWorld.ISSUING.publicKey())), "the answer verifies with the CA key");
      for (SingleResp s : basic.getResponses()) {
        boolean ours;
        try {
          ours = s.getCertID().matchesIssuer(ISSUER,
              new JcaDigestCalculatorProviderBuilder().build());
        } catch (org.bouncycastle.cert.ocsp.OCSPException e) {
          ours = false; // a hash algorithm nobody knows: the responder cannot have matched it
        }
        Optional<CertificateRecord> r = ours
            ? FuzzWorld.STORE.findBySerial(s.getCertID().getSerialNumber()) : Optional.empty();
        Object status = s.getCertStatus();
        if (r.isEmpty()) {
          Check.that(status instanceof UnknownStatus, "unknown for what is not ours", s);
        } else {
          boolean revoked = switch (r.get().status()) {
            case REVOKED, SUPERSEDED -> true;
            case ACTIVE, ISSUED -> false;
          };
          Check.that(revoked ? status instanceof RevokedStatus : status == null,
              "the status of the record", r.get());
        }
      }
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("property violated: a successful answer reads back", e);
    }
  }

  private static X509CertificateHolder holder() {
    try {
      return new X509CertificateHolder(FuzzWorld.ISSUING.certificate().getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
