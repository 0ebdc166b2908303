package io.shomei.examples.cli;

import org.jspecify.annotations.Nullable;

/**
 * The command could not run (a file cannot be read, a PKCS#12 password is wrong, the data directory
 * cannot be used): exit code {@value ShomeiCli#FAILURE}. The message never carries a secret.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  CliFailure(String message) {
    super(message);
  }
}
