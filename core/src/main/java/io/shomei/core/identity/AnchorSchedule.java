package io.shomei.core.identity;

import io.shomei.core.internal.x509.ChainValidator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One service's dated trust anchors, cut into epochs at every window end: between two consecutive
 * ends the set of current anchors does not change, so each epoch has one {@link ChainValidator}
 * built from exactly the anchors current in it (epochs with the same set share it, and with it
 * the remembered paths). A path is searched among current anchors only, so a certificate that
 * chains both to a retired and to a current anchor is judged by the current one.
 */
final class AnchorSchedule {
  private final List<DatedTrustAnchor> anchors;
  /** Sorted window ends; epoch i + 1 starts at starts[i], epoch 0 is everything before. */
  private final Instant[] starts;
  private final List<Epoch> epochs;
  /** Every anchor at once, to explain a refusal; null when no anchor has a window. */
  private final @Nullable ChainValidator anyTime;

  /** The anchors current in one epoch and their validator (null when there are none). */
  private record Epoch(List<X509Certificate> current, @Nullable ChainValidator validator) {}

  AnchorSchedule(List<DatedTrustAnchor> anchors, int cacheSize) {
    this.anchors = List.copyOf(anchors);
    TreeSet<Instant> ends = new TreeSet<>();
    for (DatedTrustAnchor a : this.anchors) {
      if (a.acceptedFrom() != null) {
        ends.add(a.acceptedFrom());
      }
      if (a.acceptedUntil() != null) {
        ends.add(a.acceptedUntil());
      }
    }
    this.starts = ends.toArray(new Instant[0]);
    List<Epoch> cut = new ArrayList<>(starts.length + 1);
    Map<List<X509Certificate>, ChainValidator> shared = new HashMap<>();
    for (int i = 0; i <= starts.length; i++) {
      Instant at = i == 0 ? (starts.length == 0 ? Instant.EPOCH : starts[0].minusNanos(1))
          : starts[i - 1];
      List<X509Certificate> now = currentAt(at);
      cut.add(new Epoch(now, now.isEmpty() ? null
          : shared.computeIfAbsent(now, set -> new ChainValidator(set, cacheSize))));
    }
    this.epochs = List.copyOf(cut);
    this.anyTime = starts.length == 0 ? null
        : new ChainValidator(certificates(this.anchors), cacheSize);
  }

  private List<X509Certificate> currentAt(Instant at) {
    List<X509Certificate> now = new ArrayList<>();
    for (DatedTrustAnchor a : anchors) {
      if (a.currentAt(at) && !now.contains(a.certificate())) {
        now.add(a.certificate());
      }
    }
    return List.copyOf(now);
  }

  private static List<X509Certificate> certificates(List<DatedTrustAnchor> anchors) {
    List<X509Certificate> all = new ArrayList<>();
    for (DatedTrustAnchor a : anchors) {
      if (!all.contains(a.certificate())) {
        all.add(a.certificate());
      }
    }
    return List.copyOf(all);
  }

  private int epoch(Instant at) {
    int i = Arrays.binarySearch(starts, at);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** The anchors current at an instant, in configuration order; may be empty. */
  List<X509Certificate> anchorsAt(Instant at) {
    return epochs.get(epoch(at)).current();
  }

  /** The validator of the anchors current at an instant, or null when none is. */
  @Nullable ChainValidator validatorAt(Instant at) {
    return epochs.get(epoch(at)).validator();
  }

  /** Validates against every anchor whatever its window, or null when no anchor has one. */
  @Nullable ChainValidator anyTime() {
    return anyTime;
  }

  /** The window of an anchor (the first configured for that certificate). */
  @Nullable DatedTrustAnchor windowOf(X509Certificate anchor) {
    for (DatedTrustAnchor a : anchors) {
      if (a.certificate().equals(anchor)) {
        return a;
      }
    }
    return null;
  }

  List<DatedTrustAnchor> anchors() {
    return anchors;
  }
}
