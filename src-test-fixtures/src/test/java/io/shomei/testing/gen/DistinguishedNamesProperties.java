package io.shomei.testing.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.shomei.testing.gen.DistinguishedNames.GeneratedName;
import io.shomei.testing.gen.DistinguishedNames.Hostility;
import io.shomei.testing.qt.Qt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class DistinguishedNamesProperties {
  private static final Gen<Long> SEEDS = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);

  /** Every CN attribute of a DER Name: {value, size of its RDN}. */
  private static List<Object[]> commonNames(byte[] der) throws Exception {
    ASN1Primitive p = ASN1Primitive.fromByteArray(der);
    assertArrayEquals(der, p.getEncoded(ASN1Encoding.DER), "not DER");
    List<Object[]> out = new ArrayList<>();
    for (ASN1Encodable rdn : ASN1Sequence.getInstance(p)) {
      ASN1Set set = ASN1Set.getInstance(rdn);
      for (ASN1Encodable atv : set) {
        ASN1Sequence s = ASN1Sequence.getInstance(atv);
        if (DistinguishedNames.CN.equals(s.getObjectAt(0))) {
          out.add(new Object[] {s.getObjectAt(1), set.size()});
        }
      }
    }
    return out;
  }

  @Test
  void everyWellFormedNameHasExactlyOneSingleValuedCnHoldingItsUserId() {
    qt().withExamples(2000).forAll(Qt.gen(DistinguishedNames::wellFormed))
        .checkAssert(g -> {
          try {
            List<Object[]> cns = commonNames(g.der());
            assertEquals(1, cns.size(), g::toString);
            assertEquals(1, cns.get(0)[1], "CN in a multi-valued RDN: " + g);
            Object v = cns.get(0)[0];
            assertTrue(v instanceof ASN1PrintableString || v instanceof ASN1UTF8String, g::toString);
            assertEquals(g.expectedUserId(), ((ASN1String) v).getString());
            assertTrue(g.expectedUserId() != null && g.expectedUserId().matches("[0-9]{8}"));
          } catch (Exception e) {
            throw new AssertionError(g.toString(), e);
          }
        });
  }

  @Test
  void wellFormedHonoursTheAskedLength() {
    qt().withExamples(300).forAll(SEEDS, Generate.range(1, 64)).checkAssert((s, len) -> {
      GeneratedName g = DistinguishedNames.wellFormed(new SplittableRandom(s), len);
      assertNotNull(g.expectedUserId());
      assertEquals(len, g.expectedUserId().length());
    });
  }

  @Test
  void everyHostileNameExpectsRefusalAndSaysWhyFirst() {
    qt().withExamples(2000).forAll(Qt.gen(DistinguishedNames::hostile))
        .checkAssert(g -> {
          assertNull(g.expectedUserId());
          String kind = g.description().split("[ (]", 2)[0];
          Hostility.valueOf(kind); // throws if the description does not start with a kind
        });
  }

  @Test
  void hostileGeneratorReachesEveryKind() {
    Set<Hostility> seen = EnumSet.noneOf(Hostility.class);
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 5000 && seen.size() < Hostility.values().length; i++) {
      seen.add(Hostility.valueOf(DistinguishedNames.hostile(r).description().split("[ (]", 2)[0]));
    }
    assertEquals(EnumSet.allOf(Hostility.class), seen);
  }

  @Test
  void structuralKindsReallyBreakTheStructure() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 50; i++) {
      assertEquals(2, commonNames(DistinguishedNames.hostile(r, Hostility.TWO_COMMON_NAMES).der()).size());
      List<Object[]> multi =
          commonNames(DistinguishedNames.hostile(r, Hostility.COMMON_NAME_IN_MULTI_VALUED_RDN).der());
      assertEquals(1, multi.size());
      assertEquals(2, multi.get(0)[1]);
      assertTrue(commonNames(DistinguishedNames.hostile(r, Hostility.NO_COMMON_NAME).der()).isEmpty());
    }
  }

  @Test
  void sameSeedSameName() {
    qt().withExamples(300).forAll(SEEDS).checkAssert(s -> {
      assertEquals(DistinguishedNames.any(new SplittableRandom(s)),
          DistinguishedNames.any(new SplittableRandom(s)));
    });
  }

  @Test
  void shuffleKeepsEveryRdnAndTheCommonName() {
    qt().withExamples(500).forAll(SEEDS).checkAssert(s -> {
      SplittableRandom r = new SplittableRandom(s);
      GeneratedName g = DistinguishedNames.wellFormed(r);
      byte[] shuffled = DistinguishedNames.shuffleRdns(g.der(), r).orElseThrow();
      try {
        assertEquals(sortedMembers(g.der()), sortedMembers(shuffled));
        List<Object[]> cns = commonNames(shuffled);
        assertEquals(1, cns.size());
        assertEquals(g.expectedUserId(), ((ASN1String) cns.get(0)[0]).getString());
      } catch (Exception e) {
        throw new AssertionError(g.toString(), e);
      }
    });
  }

  @Test
  void shuffleDeclinesWhatItCannotSplitExactly() {
    SplittableRandom r = new SplittableRandom(3);
    for (Hostility h : List.of(Hostility.NON_MINIMAL_LENGTH, Hostility.INDEFINITE_LENGTH,
        Hostility.TRAILING_BYTES)) {
      byte[] der = DistinguishedNames.hostile(r, h).der();
      assertTrue(DistinguishedNames.shuffleRdns(der, r).isEmpty(), h::toString);
    }
  }

  private static List<String> sortedMembers(byte[] der) throws Exception {
    List<String> out = new ArrayList<>();
    for (ASN1Encodable e : ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der))) {
      out.add(Arrays.toString(e.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
    }
    out.sort(null);
    return out;
  }
}
