package io.shomei.examples.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The issuing windows of a data directory after any sequence of {@code ca add}: at every instant
 * exactly one CA issues; a rollover at T changes nothing before T and hands every instant from T
 * on to the new CA; a clashing addition is refused.
 */
class CaWindowsProperties {
  static final Instant BASE = Instant.parse("2021-02-23T15:00:00Z");

  private static Instant hour(int h) {
    return BASE.plus(Duration.ofHours(h));
  }

  /** The label of the one CA issuing at {@code at}; fails when none or several do. */
  private static String issuerAt(List<CaWindows.Named> windows, Instant at) {
    List<String> issuing = new ArrayList<>();
    for (CaWindows.Named n : windows) {
      if (n.window().issuesAt(at)) {
        issuing.add(n.label());
      }
    }
    assertThat(issuing).as("CAs issuing at %s in %s", at, windows).hasSize(1);
    return issuing.get(0);
  }

  private static List<Instant> probes(@Nullable Instant extra) {
    List<Instant> p = new ArrayList<>();
    for (int h = -2; h <= 14; h++) {
      p.add(hour(h));
      p.add(hour(h).minusNanos(1));
    }
    if (extra != null) {
      p.add(extra);
      p.add(extra.minusNanos(1));
    }
    return p;
  }

  @Test
  void everyAcceptedAdditionLeavesExactlyOneIssuingCaAtEveryInstant() {
    qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<CaWindows.Named> windows = new ArrayList<>(List.of(
          new CaWindows.Named("initial", CaWindow.always())));
      for (int step = 0; step < 6; step++) {
        String label = "ca-" + step;
        boolean statusOnly = r.nextInt(5) == 0;
        Instant from = hour(r.nextInt(12));
        Instant until = r.nextInt(3) == 0 ? from.plus(Duration.ofHours(1 + r.nextInt(4))) : null;
        CaWindow window = statusOnly ? CaWindow.statusOnlyWindow() : CaWindow.issuing(from, until);
        CaWindows.Plan plan = CaWindows.add(windows, new CaWindows.Named(label, window));
        String what = "seed " + seed + " step " + step + " adding " + label + " "
            + window.describe() + " to " + windows;
        if (statusOnly) {
          assertThat(plan).as(what).isInstanceOf(CaWindows.Planned.class);
        }
        // a rollover with an open end after the start of the CA issuing then is always accepted
        String before = issuerAt(windows, from);
        CaWindow current = windows.stream().filter(n -> n.label().equals(before)).findFirst()
            .orElseThrow().window();
        boolean clean = until == null && (current.issuingFrom() == null
            || current.issuingFrom().isBefore(from)) && current.issuingUntil() == null;
        if (!statusOnly && clean) {
          assertThat(plan).as(what).isInstanceOf(CaWindows.Planned.class);
        }
        if (!statusOnly && current.issuingFrom() != null && current.issuingFrom().equals(from)) {
          assertThat(plan).as(what).isInstanceOf(CaWindows.Refused.class);
          assertThat(((CaWindows.Refused) plan).reason())
              .isEqualTo(CaAddition.Reason.WINDOWS_OVERLAP);
        }
        if (plan instanceof CaWindows.Planned planned) {
          List<CaWindows.Named> after = planned.windows();
          assertThat(CaWindows.check(after)).as(what).isNull();
          for (Instant p : probes(until)) {
            String was = issuerAt(windows, p);
            String is = issuerAt(after, p);
            if (statusOnly || p.isBefore(from)) {
              assertThat(is).as(what + " at " + p).isEqualTo(was);
            } else if (until == null || p.isBefore(until)) {
              assertThat(is).as(what + " at " + p).isEqualTo(label);
            } else {
              assertThat(is).as(what + " at " + p).isEqualTo(was);
            }
          }
          windows = new ArrayList<>(after);
        } else {
          CaWindows.Refused refused = (CaWindows.Refused) plan;
          assertThat(refused.reason()).as(what).isIn(CaAddition.Reason.WINDOWS_GAP,
              CaAddition.Reason.WINDOWS_OVERLAP);
          assertThat(refused.detail()).as(what).isNotBlank();
        }
      }
    });
  }
}
