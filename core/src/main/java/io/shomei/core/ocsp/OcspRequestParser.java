package io.shomei.core.ocsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.jspecify.annotations.Nullable;

/**
 * Reads an OCSP request, refusing everything that is not a well-formed, bounded one. Every failure
 * is a {@link Malformed}; nothing else is thrown, whatever the bytes.
 */
final class OcspRequestParser {
  /** Longest GET path accepted (the base64 of {@link OcspResponder#MAX_REQUEST_BYTES}, escaped). */
  static final int MAX_GET_CHARS = OcspResponder.MAX_REQUEST_BYTES * 4;
  /** RFC 8954: a nonce is 1..32 octets. */
  static final int MAX_NONCE_OCTETS = 32;

  private OcspRequestParser() {}

  /** A request that is not a well-formed OCSP request within the bounds. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A parsed request: the certificates asked about, and the nonce extension to echo, if any.
   *
   * @param certIds the CertIDs in request order, 1..{@link OcspResponder#MAX_CERTIFICATES_PER_REQUEST}
   * @param nonce the request's nonce extension, or {@code null}
   */
  record Parsed(List<CertID> certIds, @Nullable Extension nonce) {}

  static Parsed parse(byte[] der) throws Malformed {
    if (der.length == 0) {
      throw new Malformed("empty request");
    }
    if (der.length > OcspResponder.MAX_REQUEST_BYTES) {
      throw new Malformed("request larger than " + OcspResponder.MAX_REQUEST_BYTES + " bytes");
    }
    try {
      // fromByteArray refuses trailing bytes after the outer structure
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      OCSPRequest req = OCSPRequest.getInstance(p);
      TBSRequest tbs = req.getTbsRequest();
      ASN1Integer version = tbs.getVersion();
      if (version == null || version.intValueExact() != 0) {
        throw new Malformed("unsupported request version");
      }
      ASN1Sequence list = tbs.getRequestList();
      if (list.size() == 0 || list.size() > OcspResponder.MAX_CERTIFICATES_PER_REQUEST) {
        throw new Malformed("a request asks about 1.." + OcspResponder.MAX_CERTIFICATES_PER_REQUEST
            + " certificates");
      }
      List<CertID> ids = new ArrayList<>(list.size());
      for (ASN1Encodable e : list) {
        Request r = Request.getInstance(e);
        CertID id = r.getReqCert();
        // touch every field, so that a structure of the wrong shape fails here, not later
        id.getHashAlgorithm().getAlgorithm();
        id.getIssuerNameHash().getOctets();
        id.getIssuerKeyHash().getOctets();
        id.getSerialNumber().getValue();
        rejectCritical(r.getSingleRequestExtensions(), null);
        ids.add(id);
      }
      Extension nonce = null;
      Extensions ext = tbs.getRequestExtensions();
      if (ext != null) {
        nonce = ext.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        rejectCritical(ext, OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
          checkNonce(nonce);
        }
      }
      return new Parsed(List.copyOf(ids), nonce);
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports a structure of the wrong shape with IllegalArgumentException,
      // IllegalStateException, ClassCastException or ASN1 parsing exceptions
      throw new Malformed("not an OCSP request: " + e.getClass().getSimpleName());
    }
  }

  private static void rejectCritical(@Nullable Extensions ext, @Nullable ASN1ObjectIdentifier known)
      throws Malformed {
    if (ext == null) {
      return;
    }
    for (ASN1ObjectIdentifier oid : ext.getCriticalExtensionOIDs()) {
      if (!oid.equals(known)) {
        throw new Malformed("unknown critical extension " + oid);
      }
    }
  }

  private static void checkNonce(Extension nonce) throws Malformed {
    byte[] value = nonce.getExtnValue().getOctets();
    byte[] inner = value;
    try {
      // RFC 8954: extnValue holds an OCTET STRING; older clients put the bytes there directly
      inner = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(value)).getOctets();
    } catch (IOException | RuntimeException e) {
      // raw nonce bytes
    }
    if (inner.length < 1 || inner.length > MAX_NONCE_OCTETS) {
      throw new Malformed("a nonce is 1.." + MAX_NONCE_OCTETS + " octets");
    }
  }

  /**
   * Decodes a GET path: strips leading slashes, undoes percent-encoding (a {@code +} stays a
   * {@code +}: it is base64, not a space), then base64.
   */
  static byte[] decodeGet(String path) throws Malformed {
    if (path.length() > MAX_GET_CHARS) {
      throw new Malformed("GET request longer than " + MAX_GET_CHARS + " characters");
    }
    int start = 0;
    while (start < path.length() && path.charAt(start) == '/') {
      start++;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
    for (int i = start; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= path.length()) {
          throw new Malformed("truncated percent escape");
        }
        int hi = Character.digit(path.charAt(i + 1), 16);
        int lo = Character.digit(path.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new Malformed("bad percent escape");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x21 || c > 0x7e) {
        throw new Malformed("not base64");
      } else {
        out.write(c);
      }
    }
    String b64 = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    if (b64.isEmpty()) {
      throw new Malformed("empty GET request");
    }
    try {
      boolean urlSafe = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0;
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(b64);
    } catch (IllegalArgumentException e) {
      throw new Malformed("not base64");
    }
  }
}
