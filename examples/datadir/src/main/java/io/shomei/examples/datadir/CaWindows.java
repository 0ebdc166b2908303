package io.shomei.examples.datadir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rule for a data directory's issuing windows, checked before anything is written: at every
 * instant exactly one CA issues (the CLI's CAs issue for every service). Status-only CAs take no
 * part.
 */
final class CaWindows {
  private CaWindows() {}

  /** A CA's label and window. */
  record Named(String label, CaWindow window) {}

  /**
   * The windows after adding {@code added}: the CA issuing at the new one's start (the one that
   * started before it) now ends there. Either the new list (existing CAs in their order, the new
   * one last) or a refusal.
   */
  sealed interface Plan {}

  /** The planned windows; {@code ended} is the index of the CA whose window was shortened, or -1. */
  record Planned(List<Named> windows, int ended) implements Plan {}

  /** Refused. */
  record Refused(CaAddition.Reason reason, String detail) implements Plan {}

  static Plan add(List<Named> existing, Named added) {
    for (Named n : existing) {
      if (n.label().equals(added.label())) {
        return new Refused(CaAddition.Reason.LABEL_TAKEN, "a CA labelled '" + added.label()
            + "' exists already");
      }
    }
    List<Named> windows = new ArrayList<>(existing);
    int ended = -1;
    Instant start = added.window().issuingFrom();
    if (!added.window().statusOnly() && start != null) {
      for (int i = 0; i < windows.size(); i++) {
        CaWindow w = windows.get(i).window();
        Instant from = w.issuingFrom();
        if (w.issuesAt(start) && (from == null || from.isBefore(start))) {
          windows.set(i, new Named(windows.get(i).label(), w.endingAt(start)));
          ended = i;
        }
      }
    }
    windows.add(added);
    Refused problem = check(windows);
    return problem != null ? problem : new Planned(List.copyOf(windows), ended);
  }

  /** Whether the issuing windows tile time: no overlap, no gap, some CA issues. */
  static @Nullable Refused check(List<Named> all) {
    List<Named> issuing = new ArrayList<>();
    for (Named n : all) {
      if (!n.window().statusOnly()) {
        issuing.add(n);
      }
    }
    if (issuing.isEmpty()) {
      return new Refused(CaAddition.Reason.WINDOWS_GAP, "no CA would issue at all");
    }
    issuing.sort(Comparator.comparing((Named n) -> n.window().issuingFrom(),
        Comparator.nullsFirst(Comparator.naturalOrder())));
    Named first = issuing.get(0);
    if (first.window().issuingFrom() != null) {
      return new Refused(CaAddition.Reason.WINDOWS_GAP, "no CA would issue before "
          + first.window().issuingFrom() + " (CA '" + first.label() + "' starts then)");
    }
    for (int i = 1; i < issuing.size(); i++) {
      Named prev = issuing.get(i - 1);
      Named next = issuing.get(i);
      Instant end = prev.window().issuingUntil();
      Instant start = next.window().issuingFrom();
      if (start == null || end == null || end.isAfter(start)) {
        return new Refused(CaAddition.Reason.WINDOWS_OVERLAP, "CA '" + prev.label() + "' "
            + prev.window().describe() + " and CA '" + next.label() + "' "
            + next.window().describe() + " would both issue"
            + (start == null ? "" : " at " + start));
      }
      if (end.isBefore(start)) {
        return new Refused(CaAddition.Reason.WINDOWS_GAP, "no CA would issue from " + end
            + " until " + start + " (between CA '" + prev.label() + "' and CA '" + next.label()
            + "')");
      }
    }
    Named last = issuing.get(issuing.size() - 1);
    if (last.window().issuingUntil() != null) {
      return new Refused(CaAddition.Reason.WINDOWS_GAP, "no CA would issue from "
          + last.window().issuingUntil() + " on (CA '" + last.label() + "' ends then)");
    }
    return null;
  }
}
