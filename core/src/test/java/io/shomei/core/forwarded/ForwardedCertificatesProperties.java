package io.shomei.core.forwarded;

import static io.shomei.core.forwarded.ForwardedSamples.headers;
import static io.shomei.core.forwarded.ForwardedSamples.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.AuditRecord;
import io.shomei.testing.memory.InMemoryAuditLog;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Properties of the forwarded-certificate decoder over seeded inputs: every format decodes what a
 * proxy of that format encodes; nothing from an untrusted peer is decoded; hostile edits never make
 * it throw and never yield anything but DER SEQUENCEs within the limits; duplicated and oversized
 * headers are refused as such; a CIDR block contains exactly the addresses sharing its prefix bits.
 */
class ForwardedCertificatesProperties {
  private static final ForwardedFormat[] FORMATS = ForwardedFormat.values();
  private static final InetAddress PROXY = ForwardedSamples.literal("10.1.2.3");
  private static final int MAX_LENGTH = 64 * 1024;

  private static ForwardedCertificates decoder(ForwardedFormat f, AuditTrail trail) {
    return ForwardedCertificates.builder(f).trustedPeer("10.0.0.0/8").trustedPeer("fd00::/8")
        .maxHeaderLength(MAX_LENGTH).maxCertificates(8).auditTrail(trail).build();
  }

  private static AuditTrail trail(InMemoryAuditLog log) {
    return new AuditTrail(log, Clock.fixed(Instant.parse("2021-03-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private static int count(InMemoryAuditLog log) {
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    return all.size();
  }

  @Test
  void everyFormatDecodesWhatAProxyOfThatFormatEncodes() {
    qt().withExamples(400).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          ForwardedFormat f = FORMATS[r.nextInt(FORMATS.length)];
          List<byte[]> chain = ForwardedSamples.chain(r, 6, 1500);
          InMemoryAuditLog log = new InMemoryAuditLog();
          ForwardedCertificate got = decoder(f, trail(log))
              .decode(PROXY, List.of(), headers(lines(f.encode(chain))));
          assertThat(got).as("seed %d, %s", seed, f)
              .isEqualTo(new ForwardedCertificate.Forwarded(ForwardedSamples.expected(f, chain)));
          assertThat(count(log)).isZero();
        });
  }

  @Test
  void nothingFromAnUntrustedPeerIsDecodedAndEachRefusalIsAudited() {
    qt().withExamples(300).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          ForwardedFormat f = FORMATS[r.nextInt(FORMATS.length)];
          byte[] a = new byte[r.nextBoolean() ? 4 : 16];
          r.nextBytes(a);
          if (a.length == 4 && a[0] == 10) {
            a[0] = 11;
          }
          if (a.length == 16 && a[0] == (byte) 0xfd) {
            a[0] = (byte) 0xfe;
          }
          InetAddress stranger = ForwardedSamples.address(a);
          Map<String, List<String>> h = lines(f.encode(ForwardedSamples.chain(r, 3, 600)));
          if (r.nextBoolean()) {
            h.replaceAll((k, v) -> List.of(ForwardedSamples.mutate(r, v.get(0))));
          }
          InMemoryAuditLog log = new InMemoryAuditLog();
          ForwardedCertificate got = decoder(f, trail(log)).decode(stranger, List.of(), headers(h));
          assertThat(got).as("seed %d", seed).isInstanceOf(ForwardedCertificate.UntrustedPeer.class);
          assertThat(count(log)).isEqualTo(1);
        });
  }

  @Test
  void hostileEditsNeverThrowAndOnlyYieldDerSequencesWithinTheLimits() {
    qt().withExamples(2000).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          ForwardedFormat f = FORMATS[r.nextInt(FORMATS.length)];
          Map<String, List<String>> h = lines(f.encode(ForwardedSamples.chain(r, 4, 400)));
          for (List<String> values : h.values()) {
            if (r.nextInt(3) > 0) {
              values.set(0, ForwardedSamples.mutate(r, values.get(0)));
            }
          }
          InMemoryAuditLog log = new InMemoryAuditLog();
          ForwardedCertificate got = decoder(f, trail(log)).decode(PROXY, List.of(), headers(h));
          if (got instanceof ForwardedCertificate.Forwarded fw) {
            assertThat(fw.chain()).as("seed %d", seed).hasSizeBetween(1, 8);
            for (byte[] der : fw.chain()) {
              assertThat(der[0]).isEqualTo((byte) 0x30);
              HeaderCodecsTest.assertOneDerSequence(der);
            }
          }
          assertThat(count(log)).as("seed %d: %s", seed, got)
              .isEqualTo(got instanceof ForwardedCertificate.Refused ? 1 : 0);
        });
  }

  @Test
  void aCertificateHeaderTwiceOrTwoValuesJoinedIsDuplicated() {
    qt().withExamples(300).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          ForwardedFormat f = FORMATS[r.nextInt(FORMATS.length)];
          Map<String, List<String>> h = lines(f.encode(ForwardedSamples.chain(r, 3, 500)));
          String other = f.encode(ForwardedSamples.chain(r, 1, 500)).get(f.certificateHeader());
          List<String> cert = java.util.Objects.requireNonNull(h.get(f.certificateHeader()));
          if (r.nextBoolean()) {
            cert.add(other); // a second header line
          } else {
            cert.set(0, cert.get(0) + (r.nextBoolean() ? ", " : ",") + other); // folded into one
          }
          ForwardedCertificate got = decoder(f, trail(new InMemoryAuditLog()))
              .decode(PROXY, List.of(), headers(h));
          assertThat(got).as("seed %d, %s", seed, f)
              .isInstanceOfSatisfying(ForwardedCertificate.Duplicated.class,
                  d -> assertThat(d.header()).isEqualTo(f.certificateHeader()));
        });
  }

  @Test
  void aHeaderLongerThanTheLimitIsOversizedWhateverItHolds() {
    qt().withExamples(200).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          ForwardedFormat f = FORMATS[r.nextInt(FORMATS.length)];
          int limit = 256 + r.nextInt(4000);
          StringBuilder v = new StringBuilder(f.encode(ForwardedSamples.chain(r, 1, 100))
              .get(f.certificateHeader()));
          while (v.length() <= limit) {
            v.append(ForwardedSamples.mutate(r, "AAAA"));
          }
          ForwardedCertificate got = ForwardedCertificates.builder(f).trustedPeer("10.0.0.0/8")
              .maxHeaderLength(limit).build()
              .decode(PROXY, List.of(), headers(Map.of(f.certificateHeader(),
                  List.of(v.toString()))));
          assertThat(got).as("seed %d", seed).isEqualTo(
              new ForwardedCertificate.Oversized(f.certificateHeader(), v.length(), limit));
        });
  }

  @Test
  void aCidrBlockContainsExactlyTheAddressesSharingItsPrefixBits() {
    qt().withExamples(2000).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE))
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          int size = r.nextBoolean() ? 4 : 16;
          byte[] net = new byte[size];
          r.nextBytes(net);
          byte[] addr = net.clone();
          int flips = r.nextInt(3);
          for (int i = 0; i < flips; i++) {
            int bit = r.nextInt(size * 8);
            addr[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
          }
          int prefix = r.nextInt(size * 8 + 1);
          String spec = ForwardedSamples.address(net).getHostAddress() + "/" + prefix;
          boolean expected = prefix == 0 || new BigInteger(1, net).shiftRight(size * 8 - prefix)
              .equals(new BigInteger(1, addr).shiftRight(size * 8 - prefix));
          assertThat(TrustedPeers.parse(spec).contains(ForwardedSamples.address(addr)))
              .as("seed %d: %s", seed, spec).isEqualTo(expected);
        });
  }
}
