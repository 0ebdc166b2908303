package io.shomei.core.migration;

/**
 * Receives each result of a bulk import as it is decided, on the importing thread, for progress
 * display and per-item logging.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ImportListener {

  /** A listener that does nothing. */
  ImportListener NONE = (source, result, soFar) -> { };

  /**
   * Called once per input, in the order results are decided (a SUPERSEDED certificate waiting for
   * its successor is reported when it is retried, after the other inputs).
   *
   * @param source the input's label ({@link ImportRequest#label()} or the file path)
   * @param result its result
   * @param soFar the counts including this result
   */
  void onResult(String source, ImportResult result, ImportSummary soFar);
}
