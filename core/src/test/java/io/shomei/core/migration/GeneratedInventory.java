package io.shomei.core.migration;

import io.shomei.core.eligibility.AffectedCertificate;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.KeyType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A seeded inventory of {@value #SIZE} certificates as a bank would export it before adopting
 * Shomei: accounts of the {@code fx-forward} and {@code fx-spot} services with one to three
 * certificates each, validity starts around the notice's cutoff (both sides of
 * 2020-11-11T23:59:59+09:00 / 2020-11-12T00:00:00+09:00 included), some short-lived, the newest of
 * an account active (or revoked), older ones superseded, some legacy subjects (imported for an
 * explicit user, or refused without one), and some certificates listed twice.
 *
 * <p>It also computes, from what it generated and without Shomei's evaluator, what a campaign scan
 * of the notice's rules at {@link #SCAN} must count.
 *
 * <p>Generation is kept cheap: every leaf shares one EC key, the extensions that depend only on the
 * keys are computed once, and one Bouncy Castle signer is reused, so a certificate costs one ECDSA
 * signature.
 */
final class GeneratedInventory {
  static final int SIZE = 10_000;
  static final String FX = "fx-forward";
  static final String SPOT = "fx-spot";
  /** The first validity start the notice does not affect: 2020-11-12T00:00:00+09:00. */
  static final Instant CUTOFF = Instant.parse("2020-11-11T15:00:00Z");
  /** 2021-02-24T00:00:00+09:00: unusable from, and re-acquisition from. */
  static final Instant REACQUIRE_FROM = Instant.parse("2021-02-23T15:00:00Z");
  /** 2021-03-01T00:00:00+09:00. */
  static final Instant SCAN = Instant.parse("2021-02-28T15:00:00Z");
  static final Issuer CA = new Issuer();

  /** The inventory's CA: an EC P-256 root that signs leaves with one reused signer. */
  static final class Issuer {
    private final X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Old Bank").addRDN(BCStyle.CN, "Generated Inventory CA").build();
    private final KeyPair caKey = KeyType.EC_P256.generate();
    private final KeyPair leafKey = KeyType.EC_P256.generate();
    private final ContentSigner signer;
    private final X509Certificate certificate;
    private final Extension[] leafExtensions;
    private final CertificateFactory factory;

    Issuer() {
      try {
        // Bouncy Castle's P-256 signing is several times faster than the JDK 17 SunEC's
        signer = new JcaContentSignerBuilder("SHA256withECDSA")
            .setProvider(new BouncyCastleProvider()).build(caKey.getPrivate());
        factory = CertificateFactory.getInstance("X.509");
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        SubjectKeyIdentifier caSki = utils.createSubjectKeyIdentifier(caKey.getPublic());
        X509v3CertificateBuilder root = builder(name, BigInteger.ONE,
            Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2099-12-31T23:59:59Z"), name,
            caKey.getPublic());
        root.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        root.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        root.addExtension(Extension.subjectKeyIdentifier, false, caSki);
        certificate = convert(root);
        leafExtensions = new Extension[] {
            new Extension(Extension.basicConstraints, true,
                new BasicConstraints(false).getEncoded()),
            new Extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature).getEncoded()),
            new Extension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth).getEncoded()),
            new Extension(Extension.subjectKeyIdentifier, false,
                utils.createSubjectKeyIdentifier(leafKey.getPublic()).getEncoded()),
            new Extension(Extension.authorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(caSki.getKeyIdentifier()).getEncoded())};
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException | OperatorCreationException e) {
        throw new IllegalStateException(e);
      }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, BigInteger serial,
        Instant from, Instant to, X500Name subject, PublicKey key) {
      return new X509v3CertificateBuilder(issuer, serial, Date.from(from), Date.from(to), subject,
          SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    private X509Certificate convert(X509v3CertificateBuilder b) {
      try {
        return (X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(b.build(signer).getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    X509Certificate certificate() {
      return certificate;
    }

    /** A clientAuth leaf {@code O=Shomei Test Bank, CN=<cn>} with the shared leaf key. */
    X509Certificate leaf(String cn, Instant from, Instant to, Random random) {
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "Shomei Test Bank").addRDN(BCStyle.CN, cn).build();
      X509v3CertificateBuilder b = builder(name, new BigInteger(127, random).setBit(126), from, to,
          subject, leafKey.getPublic());
      try {
        for (Extension e : leafExtensions) {
          b.addExtension(e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return convert(b);
    }
  }

  /** One generated certificate and what the generator knows of it. */
  record Cert(X509Certificate certificate, String userId, String service, Instant notBefore,
      Instant notAfter, ImportStatus status, boolean conforming, boolean refused,
      Instant successorNotBefore) {

    ImportRequest request() {
      ImportRequest r = ImportRequest.of(certificate, service).withStatus(status);
      return conforming || refused ? r : r.withUserId(userId);
    }

    boolean matched() {
      return service.equals(FX) && notBefore.isBefore(CUTOFF);
    }

    VerdictKind verdict() {
      if (status instanceof ImportStatus.Superseded) {
        return VerdictKind.SUPERSEDED;
      }
      if (status instanceof ImportStatus.Revoked) {
        return VerdictKind.REVOKED;
      }
      if (matched()) {
        return VerdictKind.ELIGIBLE_NOW;
      }
      return SCAN.isAfter(notAfter) ? VerdictKind.OPERATOR_REQUIRED : VerdictKind.UNAFFECTED;
    }

    boolean listed() {
      return matched() || !conforming;
    }

    AffectedCertificate.Progress progress() {
      if (status instanceof ImportStatus.Active) {
        return AffectedCertificate.Progress.PENDING;
      }
      if (status instanceof ImportStatus.Revoked) {
        return AffectedCertificate.Progress.REVOKED;
      }
      Instant from = matched() ? REACQUIRE_FROM : notBefore;
      return successorNotBefore.isBefore(from) ? AffectedCertificate.Progress.REPLACED_EARLIER
          : AffectedCertificate.Progress.DONE;
    }
  }

  final List<Cert> certificates;
  final List<ImportRequest> input;
  /** Input requests for an already recorded certificate. */
  final int duplicates;
  /** Input requests refused (every copy of a refused certificate). */
  final int refusedInputs;

  private GeneratedInventory(List<Cert> certificates, List<ImportRequest> input, int duplicates,
      int refusedInputs) {
    this.certificates = List.copyOf(certificates);
    this.input = List.copyOf(input);
    this.duplicates = duplicates;
    this.refusedInputs = refusedInputs;
  }

  private static @org.jspecify.annotations.Nullable GeneratedInventory instance;

  /** The inventory of seed 20210224, generated once per JVM. */
  static synchronized GeneratedInventory get() {
    GeneratedInventory i = instance;
    if (i == null) {
      i = generate(new Random(20_210_224L));
      instance = i;
    }
    return i;
  }

  static GeneratedInventory generate(Random random) {
    List<Cert> all = new ArrayList<>();
    int user = 20_000_000;
    Instant windowStart = Instant.parse("2020-09-30T15:00:00Z");
    long windowSeconds = 92L * 86_400; // 2020-10-01 .. 2020-12-31, Japan time
    while (all.size() < SIZE) {
      String userId = String.valueOf(user++);
      String service = random.nextInt(10) < 7 ? FX : SPOT;
      int k = Math.min(SIZE - all.size(), random.nextInt(10) < 6 ? 1 : random.nextInt(10) < 8 ? 2 : 3);
      int boundary = random.nextInt(10);
      Instant first = boundary == 0 ? CUTOFF.minusSeconds(1) : boundary == 1 ? CUTOFF
          : windowStart.plusSeconds(random.nextLong(windowSeconds));
      // all later certificates of an account lie on one side of the campaign's start
      boolean reacquired = random.nextInt(100) < 15;
      List<Instant> starts = new ArrayList<>();
      starts.add(first);
      for (int i = 1; i < k; i++) {
        Instant prev = starts.get(i - 1);
        Instant next = reacquired
            ? (i == 1 ? REACQUIRE_FROM : prev).plusSeconds(1 + random.nextInt(2 * 86_400))
            : prev.plusSeconds(1 + random.nextInt(20 * 86_400));
        if (!reacquired && !next.isBefore(REACQUIRE_FROM)) {
          next = prev.plusSeconds(1); // stays before the campaign, still strictly newer
        }
        starts.add(next);
      }
      boolean newestRevoked = random.nextInt(100) < 10;
      boolean legacy = random.nextInt(100) < 5;
      boolean refusedLegacy = !legacy && k == 1 && random.nextInt(100) < 2;
      Instant newest = starts.get(k - 1);
      for (int i = 0; i < k; i++) {
        Instant from = starts.get(i);
        Instant to = random.nextInt(10) == 0 ? from.plusSeconds(90L * 86_400)
            : from.plusSeconds(2L * 365 * 86_400);
        ImportStatus status;
        if (i == k - 1) {
          status = newestRevoked ? ImportStatus.revoked(RevocationReason.CESSATION_OF_OPERATION)
              : ImportStatus.active();
        } else if (newestRevoked || random.nextInt(100) < 5) {
          status = ImportStatus.revoked(RevocationReason.SUPERSEDED);
        } else {
          status = ImportStatus.superseded();
        }
        boolean nonConforming = (legacy || refusedLegacy) && i == 0;
        String cn = nonConforming ? "LEGACY " + userId : userId;
        X509Certificate c = CA.leaf(cn, from, to, random);
        all.add(new Cert(c, userId, service, from, to, status, !nonConforming,
            refusedLegacy && i == 0, newest));
      }
    }
    List<ImportRequest> input = new ArrayList<>();
    int duplicates = 0;
    int refusedInputs = 0;
    for (Cert c : all) {
      int copies = random.nextInt(100) < 2 ? 2 : 1;
      for (int i = 0; i < copies; i++) {
        input.add(c.request());
      }
      if (c.refused()) {
        refusedInputs += copies; // a refused certificate is refused again, not a duplicate
      } else {
        duplicates += copies - 1;
      }
    }
    Collections.shuffle(input, random);
    return new GeneratedInventory(all, input, duplicates, refusedInputs);
  }

  /** Certificates refused (not recorded). */
  long refused() {
    return certificates.stream().filter(Cert::refused).count();
  }

  long imported() {
    return SIZE - refused();
  }

  long importedNonConforming() {
    return certificates.stream().filter(c -> !c.refused() && !c.conforming()).count();
  }

  List<Cert> recorded() {
    return certificates.stream().filter(c -> !c.refused()).toList();
  }

  Map<VerdictKind, Long> byVerdict() {
    Map<VerdictKind, Long> m = zeros(VerdictKind.class);
    recorded().forEach(c -> m.merge(c.verdict(), 1L, Long::sum));
    return m;
  }

  Map<String, Map<VerdictKind, Long>> byService() {
    Map<String, Map<VerdictKind, Long>> m = new TreeMap<>();
    recorded().forEach(c -> m.computeIfAbsent(c.service(), s -> zeros(VerdictKind.class))
        .merge(c.verdict(), 1L, Long::sum));
    return m;
  }

  Map<AffectedCertificate.Progress, Long> byProgress(boolean onlyNonConforming) {
    Map<AffectedCertificate.Progress, Long> m = zeros(AffectedCertificate.Progress.class);
    recorded().stream().filter(Cert::listed).filter(c -> !onlyNonConforming || !c.conforming())
        .forEach(c -> m.merge(c.progress(), 1L, Long::sum));
    return m;
  }

  private static <K extends Enum<K>> Map<K, Long> zeros(Class<K> type) {
    Map<K, Long> m = new EnumMap<>(type);
    for (K k : type.getEnumConstants()) {
      m.put(k, 0L);
    }
    return m;
  }
}
