package io.shomei.core.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Builds subject DERs with Bouncy Castle's ASN.1 classes for the named attack tests. */
final class Names {
  private Names() {}

  static RDN rdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new RDN(type, value);
  }

  static RDN multi(AttributeTypeAndValue... members) {
    return new RDN(members);
  }

  static AttributeTypeAndValue atv(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new AttributeTypeAndValue(type, value);
  }

  static RDN cn(String value) {
    return rdn(BCStyle.CN, new DERUTF8String(value));
  }

  static RDN org() {
    return rdn(BCStyle.O, new DERUTF8String("Shomei Test Bank"));
  }

  static RDN country() {
    return rdn(BCStyle.C, new DERPrintableString("JP"));
  }

  static byte[] name(RDN... rdns) {
    try {
      return new X500Name(rdns).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
