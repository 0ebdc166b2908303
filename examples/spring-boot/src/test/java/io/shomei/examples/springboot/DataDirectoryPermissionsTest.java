package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data directory (CA keystore and password, server key, H2 database when on file) is readable
 * by its owner only (issue 18, item 12).
 */
class DataDirectoryPermissionsTest extends HostTestSupport {

  @Test
  void dataDirectoryIsReadableByItsOwnerOnly() throws IOException {
    List<String> open = new ArrayList<>();
    try (var walk = Files.walk(DATA)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        if (!perms.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
          open.add(DATA.relativize(p) + " " + perms);
        }
      }
    }
    assertThat(open).as("paths others can read or enter").isEmpty();
  }
}
