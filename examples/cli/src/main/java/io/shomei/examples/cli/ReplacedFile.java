package io.shomei.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file that replaces an existing one only once it is complete: it is written beside its
 * target ({@code NAME.tmp}) and then moved over it atomically.
 */
final class ReplacedFile {
  private ReplacedFile() {}

  /** Creates the target's directory when missing; returns the temporary file to write. */
  static Path begin(Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return tmp;
  }

  /** Moves the written temporary file over the target. */
  static void commit(Path tmp, Path target) throws IOException {
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
