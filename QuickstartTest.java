package io.shomei.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.core.audit.ChainVerification;
import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.AcceptanceResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job does what it prints, twice on the same data directory. */
class QuickstartTest {
  @TempDir Path data;

  @Test
  void replaysTheNoticeAndReusesTheDataDirectory() throws Exception {
    for (int run = 0; run < 2; run++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Quickstart.Outcome o;
      try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
        o = new Quickstart(data, out).run();
      }
      String printed = bytes.toString(StandardCharsets.UTF_8);

      var before = assertInstanceOf(LoginDecision.Allowed.class, o.before());
      assertEquals(Instant.parse("2021-02-23T15:00:00Z"), before.unusableFrom());
      var after = assertInstanceOf(LoginDecision.Refused.class, o.after());
      assertEquals(LoginDecision.Reason.REACQUIRE_REQUIRED, after.reason());
      var early = assertInstanceOf(ReacquisitionDecision.NotYet.class, o.earlyReacquire());
      assertEquals(Instant.parse("2021-02-23T15:00:00Z"), early.from());
      assertInstanceOf(ReacquisitionDecision.Allowed.class, o.onTheDay());
      var old = assertInstanceOf(AcceptanceResult.Refused.class, o.oldCertificateAfter());
      assertEquals(AcceptanceRefusal.SUPERSEDED, old.reason());
      var fresh = assertInstanceOf(AcceptanceResult.Accepted.class, o.newCertificateAfter());
      assertEquals(o.userId(), fresh.userId());
      assertTrue(o.audit() instanceof ChainVerification.Intact, o.audit().toString());

      // the PKCS#12 opens with the acquisition password from the letter, and holds key + chain
      String acquisition = printed.lines().filter(l -> l.startsWith("acquisition-password: "))
          .findFirst().orElseThrow().substring("acquisition-password: ".length());
      Path p12 = data.resolve(o.userId() + "-certificate-2021.p12");
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(p12)) {
        ks.load(in, acquisition.toCharArray());
      }
      String alias = ks.aliases().nextElement();
      assertTrue(ks.isKeyEntry(alias));
      assertEquals(2, ks.getCertificateChain(alias).length);
    }
  }
}
