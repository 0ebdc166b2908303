package io.shomei.core.audit;

import io.shomei.spi.ShomeiException;

/**
 * An export cursor does not belong to the trail: the trail ends before it, or its record now has
 * another hash (the trail was rewritten or cut, or the cursor comes from another trail). The
 * export sends nothing; the auditors look at the trail before a new cursor is set.
 *
 * @since 0.2.0
 */
public final class AuditCursorException extends ShomeiException {
  private static final long serialVersionUID = 1L;

  private final long sequence;

  /**
   * Creates the exception.
   *
   * @param sequence the cursor's sequence
   * @param message what does not match
   */
  public AuditCursorException(long sequence, String message) {
    super(message, null);
    this.sequence = sequence;
  }

  /**
   * The cursor's sequence.
   *
   * @return the sequence
   */
  public long sequence() {
    return sequence;
  }
}
