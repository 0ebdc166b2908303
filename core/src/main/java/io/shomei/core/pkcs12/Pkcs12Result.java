package io.shomei.core.pkcs12;

import java.util.Objects;

/**
 * The outcome of packaging: a PKCS#12 file, or a typed refusal.
 *
 * @since 0.1.0
 */
public sealed interface Pkcs12Result permits Pkcs12Result.Packaged, Pkcs12Result.Refused {

  /**
   * The file was written.
   *
   * @param file the PKCS#12 file
   * @since 0.1.0
   */
  record Packaged(Pkcs12File file) implements Pkcs12Result {
    /** Checks the component. */
    public Packaged {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * Nothing was written.
   *
   * @param reason the reason a host can show
   * @since 0.1.0
   */
  record Refused(Pkcs12Refusal reason) implements Pkcs12Result {
    /** Checks the component. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
