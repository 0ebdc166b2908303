package io.shomei.testing.gen;

import static io.shomei.testing.gen.DistinguishedNames.tlv;

import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayOutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of presented chains, as the encodings a client or a TLS terminator hands over
 * (the customer's certificate first), well-formed and hostile, as plain functions of a
 * {@link RandomGenerator}: any property library (or a plain loop) can drive them, and the same seed
 * gives the same kind of chain.
 *
 * <p>The hostile ones are made at the encoding level where they must be: a certificate whose signed
 * part was edited (a subject that is not DER, an extension twice, another signature algorithm
 * inside than outside, an OID with a padding octet) is signed again by the CA, so that only the
 * edit, not a broken signature, can make a checker refuse it.
 *
 * @since 0.2.0
 */
public final class PresentedChains {
  private PresentedChains() {}

  /**
   * Ways a presented chain can be wrong. Each generated chain names its kind first in its
   * description.
   *
   * @since 0.2.0
   */
  public enum Hostility {
    /** The chain as a CA would hand it out, but the CA certificate first: {@code [CA, leaf]}. */
    CA_FIRST,
    /** Only the CA's certificate. */
    CA_ONLY,
    /** No certificate at all. */
    EMPTY,
    /** A leaf of another CA that has the same name as the issuing CA. */
    SAME_NAME_OTHER_CA,
    /** A leaf whose validity ended a day before {@code at}. */
    EXPIRED,
    /** A leaf whose validity starts a day after {@code at}. */
    NOT_YET_VALID,
    /** A hostile subject ({@link DistinguishedNames#hostile}) in a certificate the CA signed. */
    HOSTILE_SUBJECT,
    /** The subject's length with a superfluous length octet, signed by the CA. */
    NON_MINIMAL_SUBJECT_LENGTH,
    /** The first extension twice, signed by the CA. */
    DUPLICATE_EXTENSION,
    /** The TBS names SHA-384 with ECDSA, the outer signature algorithm SHA-256. */
    SIGNATURE_ALGORITHM_MISMATCH,
    /** An extension's OID encoded with a padding octet ({@code 0x80}), signed by the CA. */
    NON_MINIMAL_OID,
    /** The certificate's own length with a superfluous octet (the signature still verifies). */
    NON_MINIMAL_OUTER_LENGTH,
    /** Bytes after the certificate in the same encoding. */
    TRAILING_BYTES,
    /** The certificate with bytes cut off its end. */
    TRUNCATED,
    /** A byte of the signature changed. */
    BROKEN_SIGNATURE,
    /** Random bytes. */
    GARBAGE
  }

  /**
   * A generated chain.
   *
   * @param encodings the presented encodings, the customer's first (copied in and out)
   * @param description the kind and what was done, for failure messages
   */
  public record Presented(List<byte[]> encodings, String description) {
    /** Copies the encodings. */
    public Presented {
      encodings = encodings.stream().map(byte[]::clone).toList();
    }

    /**
     * The encodings (copies).
     *
     * @return the encodings, the customer's first
     */
    @Override
    public List<byte[]> encodings() {
      return encodings.stream().map(byte[]::clone).toList();
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /**
   * A well-formed chain: a client certificate of {@code ca} valid at {@code at} for
   * {@code userId}, followed by the CA's chain in a random order (sometimes without the root,
   * sometimes nothing but the leaf).
   *
   * @param r the random source
   * @param ca the issuing CA
   * @param userId the CN
   * @param at an instant the leaf is valid at
   * @return the chain
   */
  public static Presented wellFormed(RandomGenerator r, TestCa ca, String userId, Instant at) {
    return withChain(r, ca, leaf(ca, userId, at), "well-formed");
  }

  /**
   * A hostile chain of a random kind.
   *
   * @param r the random source
   * @param ca the issuing CA
   * @param userId the CN where the kind has one
   * @param at the instant of the check
   * @return the chain
   */
  public static Presented hostile(RandomGenerator r, TestCa ca, String userId, Instant at) {
    Hostility[] all = Hostility.values();
    return hostile(r, ca, userId, at, all[r.nextInt(all.length)]);
  }

  /**
   * A hostile chain of the given kind.
   *
   * @param r the random source
   * @param ca the issuing CA
   * @param userId the CN where the kind has one
   * @param at the instant of the check
   * @param kind the kind
   * @return the chain
   */
  public static Presented hostile(RandomGenerator r, TestCa ca, String userId, Instant at,
      Hostility kind) {
    byte[] leaf = leaf(ca, userId, at);
    String name = kind.name();
    return switch (kind) {
      case CA_FIRST -> {
        List<byte[]> chain = new ArrayList<>();
        for (X509Certificate c : ca.certificateChain()) {
          chain.add(der(c));
        }
        chain.add(leaf);
        yield new Presented(chain, name);
      }
      case CA_ONLY -> new Presented(List.of(der(ca.certificateChain().get(0))), name);
      case EMPTY -> new Presented(List.of(), name);
      case SAME_NAME_OTHER_CA -> {
        TestCa impostor = TestCa.root(commonName(ca.certificateChain().get(0)));
        yield withChain(r, ca, leaf(impostor, userId, at), name);
      }
      case EXPIRED -> withChain(r, ca, der(ca.leaf().commonName(userId)
          .validity(at.minus(Duration.ofDays(400)), at.minus(Duration.ofDays(1)))
          .issue().certificate()), name);
      case NOT_YET_VALID -> withChain(r, ca, der(ca.leaf().commonName(userId)
          .validity(at.plus(Duration.ofDays(1)), at.plus(Duration.ofDays(400)))
          .issue().certificate()), name);
      case HOSTILE_SUBJECT -> {
        DistinguishedNames.GeneratedName subject = DistinguishedNames.hostile(r);
        yield withChain(r, ca, resign(ca, leaf, tbs -> replace(tbs, 5, subject.der())),
            name + " " + subject.description());
      }
      case NON_MINIMAL_SUBJECT_LENGTH -> withChain(r, ca, resign(ca, leaf,
          tbs -> replace(tbs, 5, longForm(tbs.get(5)))), name);
      case DUPLICATE_EXTENSION -> withChain(r, ca, resign(ca, leaf, tbs -> {
        byte[] explicit = tbs.get(tbs.size() - 1); // [3] { SEQUENCE OF Extension }
        byte[] sequence = children(explicit).get(0);
        List<byte[]> extensions = new ArrayList<>(children(sequence));
        extensions.add(extensions.get(0));
        return replace(tbs, tbs.size() - 1,
            tlv(0xa3, tlv(0x30, concat(extensions))));
      }), name);
      case SIGNATURE_ALGORITHM_MISMATCH -> withChain(r, ca, resign(ca, leaf,
          tbs -> replace(tbs, 2, ECDSA_SHA384)), name);
      case NON_MINIMAL_OID -> withChain(r, ca, resign(ca, leaf, tbs -> {
        byte[] explicit = tbs.get(tbs.size() - 1);
        byte[] sequence = children(explicit).get(0);
        List<byte[]> extensions = new ArrayList<>(children(sequence));
        int i = r.nextInt(extensions.size());
        List<byte[]> parts = new ArrayList<>(children(extensions.get(i)));
        parts.set(0, paddedOid(parts.get(0)));
        extensions.set(i, tlv(0x30, concat(parts)));
        return replace(tbs, tbs.size() - 1, tlv(0xa3, tlv(0x30, concat(extensions))));
      }), name);
      case NON_MINIMAL_OUTER_LENGTH -> withChain(r, ca, longForm(leaf), name);
      case TRAILING_BYTES -> {
        byte[] extra = new byte[1 + r.nextInt(8)];
        r.nextBytes(extra);
        yield withChain(r, ca, concat(List.of(leaf, extra)),
            name + " +" + HexFormat.of().formatHex(extra));
      }
      case TRUNCATED -> withChain(r, ca,
          Arrays.copyOf(leaf, 1 + r.nextInt(leaf.length - 1)), name);
      case BROKEN_SIGNATURE -> {
        byte[] broken = leaf.clone();
        broken[broken.length - 1 - r.nextInt(8)] ^= (byte) (1 + r.nextInt(255));
        yield withChain(r, ca, broken, name);
      }
      case GARBAGE -> {
        byte[] junk = new byte[1 + r.nextInt(600)];
        r.nextBytes(junk);
        yield withChain(r, ca, junk, name);
      }
    };
  }

  // ------------------------------------------------------------------ building blocks

  /** AlgorithmIdentifier ecdsa-with-SHA384. */
  private static final byte[] ECDSA_SHA384 =
      HexFormat.of().parseHex("300a06082a8648ce3d040303");

  private static byte[] leaf(TestCa ca, String userId, Instant at) {
    return der(ca.leaf().commonName(userId)
        .validity(at.minus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            at.plus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .issue().certificate());
  }

  /** The leaf, then the CA's chain in a random order, sometimes partly left out. */
  private static Presented withChain(RandomGenerator r, TestCa ca, byte[] leaf, String what) {
    List<byte[]> cas = new ArrayList<>();
    for (X509Certificate c : ca.certificateChain()) {
      if (r.nextInt(4) != 0) {
        cas.add(der(c));
      }
    }
    for (int i = cas.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      byte[] t = cas.get(i);
      cas.set(i, cas.get(j));
      cas.set(j, t);
    }
    List<byte[]> all = new ArrayList<>();
    all.add(leaf);
    all.addAll(cas);
    return new Presented(all, what + " (+" + cas.size() + " CA certificates)");
  }

  /** Edits the TBS's fields and signs it again with the CA's usual algorithm. */
  private static byte[] resign(TestCa ca, byte[] certificate,
      java.util.function.UnaryOperator<List<byte[]>> edit) {
    List<byte[]> outer = children(certificate);
    List<byte[]> tbs = edit.apply(new ArrayList<>(children(outer.get(0))));
    byte[] newTbs = tlv(0x30, concat(tbs));
    String algorithm = ca.signatureAlgorithms().contains("SHA256withECDSA")
        ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] signature = ca.sign(algorithm, newTbs);
    byte[] bits = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bits, 1, signature.length);
    return tlv(0x30, concat(List.of(newTbs, outer.get(1), tlv(0x03, bits))));
  }

  private static List<byte[]> replace(List<byte[]> list, int index, byte[] value) {
    List<byte[]> out = new ArrayList<>(list);
    out.set(index, value);
    return out;
  }

  /** The OID TLV with a padding octet 0x80 in front of its last sub-identifier. */
  private static byte[] paddedOid(byte[] oid) {
    byte[] content = Arrays.copyOfRange(oid, 2, oid.length);
    int start = content.length - 1;
    while (start > 0 && (content[start - 1] & 0x80) != 0) {
      start--; // the last sub-identifier's earlier octets
    }
    byte[] padded = new byte[content.length + 1];
    System.arraycopy(content, 0, padded, 0, start);
    padded[start] = (byte) 0x80;
    System.arraycopy(content, start, padded, start + 1, content.length - start);
    return tlv(0x06, padded);
  }

  /**
   * A definite-length TLV whose length is not in DER's minimal form: {@code 81 nn} for a length
   * under 128 (as {@code 30 81 4C}), otherwise the long form with a leading zero octet.
   */
  private static byte[] longForm(byte[] tlv) {
    byte[] content = content(tlv);
    int n = content.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tlv[0]);
    if (n < 0x80) {
      out.write(0x81);
      out.write(n);
      out.writeBytes(content);
      return out.toByteArray();
    }
    int octets = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
    out.write(0x80 | (octets + 1));
    out.write(0);
    for (int i = octets - 1; i >= 0; i--) {
      out.write((n >> (8 * i)) & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** The contents of a DER TLV (short or long definite length). */
  private static byte[] content(byte[] tlv) {
    int first = tlv[1] & 0xff;
    int start = 2;
    if (first >= 0x80) {
      start += first & 0x7f;
    }
    return Arrays.copyOfRange(tlv, start, tlv.length);
  }

  /** The child TLVs of a constructed DER TLV. */
  private static List<byte[]> children(byte[] tlv) {
    byte[] c = content(tlv);
    List<byte[]> out = new ArrayList<>();
    int p = 0;
    while (p < c.length) {
      int first = c[p + 1] & 0xff;
      int header = 2;
      int length = first;
      if (first >= 0x80) {
        int n = first & 0x7f;
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (c[p + 2 + i] & 0xff);
        }
        header += n;
      }
      out.add(Arrays.copyOfRange(c, p, p + header + length));
      p += header + length;
    }
    return out;
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CN of a test CA's certificate (a name TestCa made, so its string form is plain). */
  private static String commonName(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName();
    int start = dn.indexOf("CN=");
    if (start < 0) {
      throw new IllegalArgumentException("no CN in " + dn);
    }
    int end = dn.indexOf(',', start);
    return dn.substring(start + 3, end < 0 ? dn.length() : end);
  }
}
