package io.shomei.core.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.PresentedChains;
import io.shomei.testing.gen.UserIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The validator with the Bouncy Castle signature fast path and the plain JDK validator
 * ({@link ChainValidator#withJdkSignatures}) give the same outcome, path, anchor and refusal text
 * alike, for random chains: the fixtures' well-formed and hostile presented chains, leaves of
 * random key types and signature algorithms (ECDSA on P-256 / P-384 / secp256k1, RSA, RSASSA-PSS,
 * SHA-1), re-encoded signatures (non-minimal or negative integers, the other S, long-form lengths,
 * trailing bytes, flipped bits), sub-CAs with name constraints, policies, policy constraints, a
 * path length exceeded and a missing keyCertSign, impostor CAs of the same name, random anchor
 * sets, in random order, at random instants around the validity ends.
 */
class ChainValidatorDifferentialProperties {
  private static final Instant AT = Instant.parse("2024-06-01T03:00:00Z");
  private static final TestCa ROOT = TestCa.root("Differential Root");
  /** pathLen 0: a CA below it breaks the path length. */
  private static final TestCa ISSUING = ROOT.intermediate("Differential Issuing");
  private static final TestCa ROOT_384 = TestCa.root("Differential Root 384", KeyType.EC_P384);
  private static final TestCa ROOT_RSA = TestCa.root("Differential Root RSA", KeyType.RSA_2048);
  /** A curve the JDK does not verify (since 16) and Bouncy Castle does. */
  private static final TestCa ROOT_K1 = TestCa.root("Differential Root K1",
      KeyType.EC_SECP256K1);
  private static final TestCa IMPOSTOR = TestCa.root("Differential Root");
  private static final List<TestCa> ROOTS = List.of(ROOT, ROOT_384, ROOT_RSA, ROOT_K1);
  private static final List<TestCa> ISSUERS = List.of(ROOT, ISSUING, ROOT_384, ROOT_RSA, ROOT_K1,
      IMPOSTOR);
  private static final List<X509Certificate> CA_POOL = List.of(ISSUING.certificate(),
      ROOT.rootCertificate(), ROOT_384.rootCertificate(), ROOT_RSA.rootCertificate(),
      ROOT_K1.rootCertificate(), IMPOSTOR.rootCertificate());
  private static final String POLICY = "1.3.6.1.4.1.55555.1.1";
  private static final String OTHER_POLICY = "1.3.6.1.4.1.55555.1.2";

  private static final AtomicInteger VALID = new AtomicInteger();
  private static final AtomicInteger INVALID = new AtomicInteger();
  private static final AtomicInteger SIGNATURE_REFUSALS = new AtomicInteger();

  /** One generated case. */
  private record Case(List<X509Certificate> anchors, X509Certificate leaf,
      List<X509Certificate> others, Instant now, String description) {
    @Override
    public String toString() {
      return description + " at " + now + " with " + anchors.size() + " anchors";
    }
  }

  @Test
  void theFastPathGivesTheJdkValidatorsOutcomeForEveryGeneratedChain() {
    qt().withExamples(600).withShrinkCycles(5)
        .forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).map(
            ChainValidatorDifferentialProperties::generate))
        .checkAssert(c -> {
          ChainValidator.Outcome jdk = ChainValidator.withJdkSignatures(c.anchors(), 0)
              .validate(c.leaf(), c.others(), c.now());
          ChainValidator.Outcome fast = new ChainValidator(c.anchors(), 0)
              .validate(c.leaf(), c.others(), c.now());
          assertThat(fast).as(c.toString()).isEqualTo(jdk);
          if (jdk instanceof ChainValidator.Outcome.Valid) {
            VALID.incrementAndGet();
          } else {
            INVALID.incrementAndGet();
            if (((ChainValidator.Outcome.Invalid) jdk).detail().contains("SIGNATURE")) {
              SIGNATURE_REFUSALS.incrementAndGet();
            }
          }
        });
  }

  /** The generators reach both verdicts, signature refusals among them (not a vacuous run). */
  @AfterAll
  static void bothVerdictsWereCompared() {
    assertThat(VALID.get()).as("valid outcomes compared").isGreaterThan(60);
    assertThat(INVALID.get()).as("invalid outcomes compared").isGreaterThan(60);
    assertThat(SIGNATURE_REFUSALS.get()).as("signature refusals compared").isGreaterThan(10);
  }

  private static Case generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<X509Certificate> anchors = new ArrayList<>();
    for (TestCa root : ROOTS) {
      if (r.nextInt(3) != 0) {
        anchors.add(root.rootCertificate());
      }
    }
    if (anchors.isEmpty()) {
      anchors.add(ROOT.rootCertificate());
    }
    Instant now = switch (r.nextInt(4)) {
      case 0 -> AT.minus(Duration.ofDays(31)); // just before the fixtures' leaves start
      case 1 -> AT.plus(Duration.ofDays(366)); // just after they end
      default -> AT;
    };
    TestCa issuer = ISSUERS.get(r.nextInt(ISSUERS.size()));
    String userId = UserIds.valid(r);
    int kind = r.nextInt(6);
    if (kind <= 1 && issuer == ROOT_K1) {
      issuer = ROOT; // TestCa.sign, which the fixtures' generators use, is the JDK's: no secp256k1
    }
    List<X509Certificate> chain;
    String what;
    switch (kind) {
      case 0 -> {
        PresentedChains.Presented p = PresentedChains.wellFormed(r, issuer, userId, AT);
        chain = parse(p.encodings());
        what = p.description();
      }
      case 1 -> {
        PresentedChains.Presented p = PresentedChains.hostile(r, issuer, userId, AT);
        chain = parse(p.encodings());
        what = p.description();
      }
      case 2 -> {
        X509Certificate leaf = randomLeaf(r, issuer, userId);
        chain = withOthers(r, leaf, issuer);
        what = "random leaf of " + issuer + " " + leaf.getSigAlgName();
      }
      case 3 -> {
        X509Certificate leaf = randomLeaf(r, issuer, userId);
        int how = r.nextInt(7);
        X509Certificate edited = reSigned(leaf, how, r);
        chain = withOthers(r, edited, issuer);
        what = "signature re-encoded (" + how + ") of " + issuer + " " + leaf.getSigAlgName();
      }
      case 4 -> {
        SubCa sub = subCa(r);
        X509Certificate leaf = below(r, sub, userId);
        List<X509Certificate> presented = new ArrayList<>();
        presented.add(leaf);
        if (r.nextInt(5) != 0) {
          presented.add(sub.certificate());
        }
        List<X509Certificate> others = withOthers(r, leaf, sub.parent());
        presented.addAll(others.subList(1, others.size()));
        chain = shuffleTail(r, presented);
        what = "below " + sub.description();
      }
      default -> {
        // an intermediate whose signature was re-encoded, above a good leaf
        X509Certificate mangled = reSigned(ISSUING.certificate(), r.nextInt(7), r);
        X509Certificate leaf = ISSUING.leaf().commonName(userId).issue().certificate();
        chain = shuffleTail(r, new ArrayList<>(List.of(leaf, mangled, ROOT.rootCertificate())));
        what = "re-encoded intermediate signature";
      }
    }
    if (chain.isEmpty()) { // nothing parsed: validate the issuer's own certificate instead
      chain = List.of(issuer.certificate());
    }
    return new Case(List.copyOf(anchors), chain.get(0), List.copyOf(chain.subList(1,
        chain.size())), now, what);
  }

  /** A leaf of the issuer with a random key type, signature algorithm, validity and flags. */
  private static X509Certificate randomLeaf(SplittableRandom r, TestCa issuer, String userId) {
    List<String> algorithms = issuer.signatureAlgorithms().contains("SHA256withECDSA")
        ? List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "SHA1withECDSA")
        : List.of("SHA256withRSA", "SHA384withRSA", "SHA256withRSAandMGF1", "SHA1withRSA");
    KeyType[] keys = {KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_2048, KeyType.EC_SECP256K1};
    Instant from = AT.minus(Duration.ofDays(r.nextInt(3) == 0 ? 400 : 30));
    Instant to = r.nextInt(4) == 0 ? AT.minusSeconds(1) : AT.plus(Duration.ofDays(365));
    TestCa.LeafBuilder b = issuer.leaf().commonName(userId)
        .signatureAlgorithm(algorithms.get(r.nextInt(algorithms.size())))
        .keyType(keys[r.nextInt(keys.length)])
        .validity(from.truncatedTo(ChronoUnit.SECONDS), to.truncatedTo(ChronoUnit.SECONDS));
    if (r.nextInt(8) == 0) {
      b.ca(true);
    }
    if (r.nextInt(8) == 0) {
      b.keyUsage(r.nextBoolean() ? 0 : KeyUsage.keyEncipherment);
    }
    if (r.nextInt(4) == 0) {
      b.policy(r.nextBoolean() ? POLICY : OTHER_POLICY);
    }
    return b.issue().certificate();
  }

  /** A CA certificate issued through {@link TestCa.LeafBuilder}, with its key. */
  private record SubCa(X509Certificate certificate, KeyPair keyPair, TestCa parent,
      String description) {}

  /**
   * A sub-CA of the root (or of the issuing CA, whose path length 0 it breaks), with random name
   * constraints, policies, policy constraints and key usage.
   */
  private static SubCa subCa(SplittableRandom r) {
    TestCa parent = r.nextInt(4) == 0 ? ISSUING : ROOT;
    StringBuilder d = new StringBuilder("sub-CA of ").append(parent);
    int usage = r.nextInt(6) == 0 ? KeyUsage.digitalSignature
        : KeyUsage.keyCertSign | KeyUsage.cRLSign;
    d.append(usage == KeyUsage.digitalSignature ? " without keyCertSign" : "");
    TestCa.LeafBuilder b = parent.leaf().ca(true).keyUsage(usage).extendedKeyUsages()
        .commonName("Differential Sub " + r.nextInt(1000))
        .keyType(r.nextBoolean() ? KeyType.EC_P256 : KeyType.EC_P384);
    X500Name bank = new X500Name("O=Shomei Test Bank");
    switch (r.nextInt(4)) {
      case 0 -> {
        b.extension(Extension.nameConstraints.getId(), true, new NameConstraints(
            new GeneralSubtree[] {new GeneralSubtree(new GeneralName(bank))}, null));
        d.append(" permitting the bank's names");
      }
      case 1 -> {
        b.extension(Extension.nameConstraints.getId(), true, new NameConstraints(null,
            new GeneralSubtree[] {new GeneralSubtree(new GeneralName(bank))}));
        d.append(" excluding the bank's names");
      }
      default -> { }
    }
    if (r.nextBoolean()) {
      b.policy(POLICY);
      d.append(" with a policy");
    }
    if (r.nextInt(3) == 0) {
      b.extension(Extension.policyConstraints.getId(), true,
          new PolicyConstraints(BigInteger.ZERO, null));
      d.append(" requiring an explicit policy");
    }
    TestCa.Issued issued = b.issue();
    return new SubCa(issued.certificate(), issued.keyPair(), parent, d.toString());
  }

  /** A client certificate signed by a sub-CA, its subject and policy chosen at random. */
  private static X509Certificate below(SplittableRandom r, SubCa ca, String userId) {
    String subject = r.nextInt(4) == 0 ? "O=Elsewhere,CN=" + userId
        : "O=Shomei Test Bank,CN=" + userId;
    boolean ec = ca.keyPair().getPublic().getAlgorithm().equals("EC");
    List<String> algorithms = ec ? List.of("SHA256withECDSA", "SHA384withECDSA")
        : List.of("SHA256withRSA");
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
          new BigInteger(64, new java.util.Random(r.nextLong())).setBit(63),
          Date.from(AT.minus(Duration.ofDays(30))), Date.from(AT.plus(Duration.ofDays(365))),
          new X500Name(subject), KeyType.EC_P256.pooled().getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      if (r.nextBoolean()) {
        b.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(
            new PolicyInformation(new ASN1ObjectIdentifier(r.nextInt(3) == 0 ? OTHER_POLICY
                : POLICY))));
      }
      return Bc.toX509(b.build(new JcaContentSignerBuilder(
          algorithms.get(r.nextInt(algorithms.size()))).setProvider(Bc.PROVIDER)
          .build(ca.keyPair().getPrivate())).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The certificate with its signature re-encoded: 0 a leading zero octet on r, 1 r's zero octet
   * dropped (a negative integer), 2 s replaced by n - s (the other valid signature), 3 the
   * signature's SEQUENCE length in long form, 4 an octet after the SEQUENCE, 5 a flipped bit, 6
   * unchanged. Signatures that are not ECDSA only get 4, 5 and 6.
   */
  private static X509Certificate reSigned(X509Certificate c, int how, SplittableRandom r) {
    byte[] sig = c.getSignature();
    byte[] edited = sig.clone();
    boolean ecdsa = c.getSigAlgName().endsWith("ECDSA");
    try {
      if (ecdsa && how <= 3) {
        ASN1Sequence seq = ASN1Sequence.getInstance(sig);
        BigInteger rr = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger ss = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        byte[] rBytes = rr.toByteArray();
        byte[] sBytes = ss.toByteArray();
        switch (how) {
          case 0 -> rBytes = concat(new byte[] {0}, rBytes);
          case 1 -> {
            if (rBytes[0] == 0) {
              rBytes = Arrays.copyOfRange(rBytes, 1, rBytes.length);
            }
          }
          case 2 -> {
            BigInteger n = ECNamedCurveTable.getParameterSpec(curveOf(c)).getN();
            sBytes = n.subtract(ss).toByteArray();
          }
          default -> { }
        }
        byte[] body = concat(integer(rBytes), integer(sBytes));
        edited = how == 3 ? concat(new byte[] {0x30, (byte) 0x81, (byte) body.length}, body)
            : concat(new byte[] {0x30, (byte) body.length}, body);
      } else if (how == 4 || (!ecdsa && how <= 3)) {
        edited = concat(sig, new byte[] {0});
      } else if (how == 5) {
        edited[r.nextInt(edited.length)] ^= (byte) (1 << r.nextInt(8));
      }
      ASN1Sequence outer = ASN1Sequence.getInstance(c.getEncoded());
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(outer.getObjectAt(0));
      v.add(outer.getObjectAt(1));
      v.add(new DERBitString(edited));
      return Bc.toX509(new DERSequence(v).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The curve name of the issuer key of a certificate from these fixtures. */
  private static String curveOf(X509Certificate c) {
    for (TestCa ca : ISSUERS) {
      if (ca.certificate().getSubjectX500Principal().equals(c.getIssuerX500Principal())
          && verifies(c, ca.certificate())) {
        int bits = ((java.security.interfaces.ECPublicKey) ca.certificate().getPublicKey())
            .getParams().getOrder().bitLength();
        if (bits == 384) {
          return "secp384r1";
        }
        return ca == ROOT_K1 ? "secp256k1" : "secp256r1";
      }
    }
    return "secp256r1";
  }

  private static boolean verifies(X509Certificate c, X509Certificate issuer) {
    try {
      c.verify(issuer.getPublicKey(), Bc.PROVIDER);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] integer(byte[] content) {
    return concat(new byte[] {0x02, (byte) content.length}, content);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The leaf followed by a random subset of the issuer's chain and the CA pool, shuffled. */
  private static List<X509Certificate> withOthers(SplittableRandom r, X509Certificate leaf,
      TestCa issuer) {
    List<X509Certificate> out = new ArrayList<>();
    out.add(leaf);
    for (X509Certificate c : issuer.certificateChain()) {
      if (r.nextInt(4) != 0) {
        out.add(c);
      }
    }
    if (r.nextInt(3) == 0) {
      X509Certificate extra = CA_POOL.get(r.nextInt(CA_POOL.size()));
      if (!out.contains(extra)) {
        out.add(extra);
      }
    }
    return shuffleTail(r, out);
  }

  private static List<X509Certificate> shuffleTail(SplittableRandom r,
      List<X509Certificate> chain) {
    List<X509Certificate> out = new ArrayList<>(chain);
    for (int i = out.size() - 1; i > 1; i--) {
      int j = 1 + r.nextInt(i);
      X509Certificate t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }

  /** The encodings the JDK parses, in order (hostile ones may not parse: they are left out). */
  private static List<X509Certificate> parse(List<byte[]> encodings) {
    List<X509Certificate> out = new ArrayList<>();
    for (byte[] der : encodings) {
      try {
        out.add((X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | RuntimeException e) {
        // not a certificate the platform reads: acceptance refuses it before any path
      }
    }
    return out;
  }
}
