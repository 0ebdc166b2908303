package io.shomei.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.shomei.testing.gen.DistinguishedNames;
import io.shomei.testing.gen.DistinguishedNames.GeneratedName;
import io.shomei.testing.qt.Qt;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Properties of the mapper over generated subjects, hostile ones included. */
class CertificateMapperProperties {
  private static final Gen<Long> SEEDS = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
  private static final Gen<GeneratedName> ANY = Qt.gen(DistinguishedNames::any);
  private final CertificateMapper mapper = CertificateMapper.standard();

  private static String verdict(MappingResult r) {
    return r instanceof MappingResult.Mapped m ? "mapped:" + m.userId()
        : "refused:" + ((MappingResult.Refused) r).reason();
  }

  @Test
  void acceptsExactlyTheWellFormedSingleCommonNameSubjects() {
    qt().withExamples(3000).forAll(ANY).checkAssert(g -> {
      MappingResult r = mapper.mapSubject(g.der());
      if (g.expectedUserId() != null) {
        assertThat(r).as(g.toString()).isEqualTo(new MappingResult.Mapped(g.expectedUserId()));
      } else {
        assertThat(r).as(g.toString()).isInstanceOf(MappingResult.Refused.class);
      }
    });
  }

  @Test
  void verdictDoesNotDependOnRdnOrder() {
    qt().withExamples(2000).forAll(SEEDS).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      GeneratedName g = DistinguishedNames.any(r);
      Optional<byte[]> shuffled = DistinguishedNames.shuffleRdns(g.der(), r);
      shuffled.ifPresent(s -> assertThat(verdict(mapper.mapSubject(s))).as(g.toString())
          .isEqualTo(verdict(mapper.mapSubject(g.der()))));
    });
  }

  @Test
  void neverThrowsOnMutatedEncodings() {
    // Flip, drop and insert random bytes of generated subjects: the mapper must answer, not throw.
    qt().withExamples(5000).forAll(SEEDS).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      byte[] der = DistinguishedNames.any(r).der();
      int edits = 1 + r.nextInt(4);
      for (int i = 0; i < edits && der.length > 0; i++) {
        int at = r.nextInt(der.length);
        switch (r.nextInt(3)) {
          case 0 -> der[at] = (byte) r.nextInt(256);
          case 1 -> {
            byte[] shorter = new byte[der.length - 1];
            System.arraycopy(der, 0, shorter, 0, at);
            System.arraycopy(der, at + 1, shorter, at, der.length - at - 1);
            der = shorter;
          }
          default -> {
            byte[] longer = new byte[der.length + 1];
            System.arraycopy(der, 0, longer, 0, at);
            longer[at] = (byte) r.nextInt(256);
            System.arraycopy(der, at, longer, at + 1, der.length - at);
            der = longer;
          }
        }
      }
      MappingResult result = mapper.mapSubject(der);
      assertThat(result).isNotNull();
      if (result instanceof MappingResult.Mapped m) {
        // whatever got through is still a user ID under the policy
        assertThat(m.userId()).matches("[0-9]{8}");
      }
    });
  }

  @Test
  void neverThrowsOnRandomBytes() {
    qt().withExamples(3000).forAll(SEEDS).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      byte[] b = new byte[r.nextInt(200)];
      r.nextBytes(b);
      if (b.length > 0 && r.nextBoolean()) {
        b[0] = 0x30; // make it look like a SEQUENCE more often
      }
      assertThat(mapper.mapSubject(b)).isNotNull();
    });
  }

  @Test
  void mapsWellFormedSubjectsUnderAnyLengthPolicy() {
    qt().withExamples(500).forAll(SEEDS, Generate.range(1, 64)).checkAssert((seed, len) -> {
      GeneratedName g = DistinguishedNames.wellFormed(new SplittableRandom(seed), len);
      CertificateMapper m = CertificateMapper.withPolicy(UserIdPolicy.digits(len, len));
      assertThat(m.mapSubject(g.der())).as(g.toString())
          .isEqualTo(new MappingResult.Mapped(java.util.Objects.requireNonNull(g.expectedUserId())));
    });
  }
}
