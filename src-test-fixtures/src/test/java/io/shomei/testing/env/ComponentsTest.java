package io.shomei.testing.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ComponentsTest {

  @Test
  void runsWhenEverythingIsInstalled() {
    Components.Verdict v = Components.verdict(
        List.of(Component.OPENSSL, Component.POSTGRESQL), c -> true, true);
    assertInstanceOf(Components.Verdict.Run.class, v);
  }

  @Test
  void skipsOutsideCiAndNamesTheDebianPackage() {
    Components.Verdict v = Components.verdict(
        List.of(Component.OPENSSL, Component.SOFTHSM2), c -> c != Component.SOFTHSM2, false);
    Components.Verdict.Skip skip = assertInstanceOf(Components.Verdict.Skip.class, v);
    assertTrue(skip.message().contains("'softhsm2'"), skip.message());
    assertTrue(skip.message().contains("/usr/bin/softhsm2-util"), skip.message());
    assertFalse(skip.message().contains("openssl"), skip.message());
    assertFalse(skip.message().contains("CI=true"), skip.message());
  }

  @Test
  void failsUnderCiInsteadOfSkipping() {
    Components.Verdict v = Components.verdict(List.of(Component.CHROMIUM), c -> false, true);
    Components.Verdict.Fail fail = assertInstanceOf(Components.Verdict.Fail.class, v);
    assertTrue(fail.message().startsWith("CI=true but CHROMIUM is not installed"), fail.message());
    assertTrue(fail.message().contains("'chromium'"), fail.message());
  }

  @Test
  void namesEveryMissingComponentOnce() {
    Components.Verdict v = Components.verdict(
        List.of(Component.CURL, Component.ARGON2, Component.CURL), c -> false, false);
    String m = assertInstanceOf(Components.Verdict.Skip.class, v).message();
    assertTrue(m.contains("packages 'curl', 'argon2'"), m);
    assertEquals(m.indexOf("CURL is not installed"), m.lastIndexOf("CURL is not installed"), m);
  }

  @Test
  void nothingNeededMeansRun() {
    assertInstanceOf(Components.Verdict.Run.class, Components.verdict(List.of(), c -> false, true));
  }

  @Test
  void onlyCiEqualsTrueIsCi() {
    assertTrue(Components.underCi(Map.of("CI", "true")));
    assertTrue(Components.underCi(Map.of("CI", "TRUE")));
    assertFalse(Components.underCi(Map.of("CI", "1")));
    assertFalse(Components.underCi(Map.of("CI", "false")));
    assertFalse(Components.underCi(Map.of()));
  }

  @Test
  void requireReturnsNormallyForAnInstalledComponent() {
    // the guard decides from the file system; a component whose files exist must not skip or fail
    Component present = java.util.Arrays.stream(Component.values())
        .filter(Component::isInstalled).findFirst().orElse(null);
    if (present == null) {
      org.junit.jupiter.api.Assumptions.abort("no component installed here");
      return;
    }
    Components.require(present);
  }

  @Test
  void theTestScriptInstallsEveryComponentsPackage() throws IOException {
    // surefire runs with the module directory as working directory
    Path script = Path.of("..", "scripts", "test.sh");
    String text = Files.readString(script);
    Matcher m = Pattern.compile("(?m)^PACKAGES=\\(([^)]*)\\)").matcher(text);
    assertTrue(m.find(), "scripts/test.sh has no PACKAGES=(...) line");
    Set<String> packages = Set.of(m.group(1).trim().split("\\s+"));
    for (Component c : Component.values()) {
      assertTrue(packages.contains(c.debianPackage()),
          "scripts/test.sh does not install " + c.debianPackage() + " for " + c);
    }
  }
}
