package io.shomei.examples.console;

import io.shomei.examples.web.http.Session;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The letters an approver's session holds: each produced at the approval that generated its
 * password, handed out by ONE download and forgotten then. Nothing is written anywhere: the PDF
 * lives in this session's memory between the approval and the download, and dies with the session
 * (logout or timeout). Another session (the proposer's, anybody's) has no way to it.
 */
final class Letters {
  static final Session.Key<Letters> KEY = new Session.Key<>("letters", Letters.class);

  /** Why a letter was not handed out. */
  enum Refusal {
    /** This session downloaded that letter already: it exists no more. */
    ALREADY_DOWNLOADED,
    /** This session holds no letter of that proposal (another operator's approval, or none). */
    NO_LETTER
  }

  /** A letter waiting for its download (a class: a record would compare and print its bytes). */
  static final class Letter {
    private final String userId;
    private final byte[] pdf;

    Letter(String userId, byte[] pdf) {
      this.userId = userId;
      this.pdf = pdf;
    }

    String userId() {
      return userId;
    }

    /** The PDF itself (not a copy: once taken out, nothing else holds it). */
    byte[] pdf() {
      return pdf;
    }

    @Override
    public String toString() {
      return "Letter[userId=" + userId + ", " + pdf.length + " bytes]";
    }
  }

  private final Map<String, Letter> waiting = new HashMap<>();
  private final Set<String> handedOut = new HashSet<>();

  synchronized void put(String proposalId, Letter letter) {
    waiting.put(proposalId, letter);
  }

  /**
   * Takes a letter out for its one download: afterwards only the response being written holds it.
   *
   * @return the letter, or {@code null} (see {@link #refusal})
   */
  synchronized @Nullable Letter take(String proposalId) {
    Letter l = waiting.remove(proposalId);
    if (l != null) {
      handedOut.add(proposalId);
    }
    return l;
  }

  synchronized Refusal refusal(String proposalId) {
    return handedOut.contains(proposalId) ? Refusal.ALREADY_DOWNLOADED : Refusal.NO_LETTER;
  }

  @Override
  public synchronized String toString() {
    return "Letters[waiting=" + waiting.size() + ", handedOut=" + handedOut.size() + "]";
  }
}
