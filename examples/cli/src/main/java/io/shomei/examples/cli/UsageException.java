package io.shomei.examples.cli;

/**
 * The command line is wrong in a way picocli cannot see (an unknown service, an environment variable
 * that is named but not set, options that exclude each other): exit code {@value ShomeiCli#USAGE}.
 * The message never carries a secret.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
