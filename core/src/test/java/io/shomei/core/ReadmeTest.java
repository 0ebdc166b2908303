package io.shomei.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every {@code java} code block of the README against the current API, so a renamed
 * method or type breaks the build instead of the reader. Each block becomes the body of a method
 * (or, if it declares a class, a member class) in a wrapper that imports every package exported by
 * core and store-jdbc (read from their {@code module-info.java}) and declares, as fields, the free
 * variables the README assumes the reader has (a clock, a data source, a user ID...).
 */
class ReadmeTest {
  private static final Pattern JAVA_BLOCK =
      Pattern.compile("(?ms)^```java\\n(.*?)^```\\s*$");
  private static final Pattern EXPORT = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;");

  /** What the README's fragments take as given. */
  private static final String GIVEN = """
      Clock clock;
      DataSource dataSource;
      String pin;
      String storePassword;
      String userId;
      CertificateStore store;
      BigInteger previousActiveSerial;
      Secret acquisitionPassword;
      X509Certificate bankRootCa;
      List<X509Certificate> peerCertificates;
      List<X509Certificate> presentedChain;
      CertificateAcceptance acceptance;
      RuleSet rules;
      CertificateRecord certificateRecord;
      AccountKey account;
      Writer writer;
      Shomei shomei;
      X509Certificate legacyCertificate;
      X509Certificate legacyIssuingCa;
      KeyCustody legacyCaCustody;
      KeyCustody newCaCustody;
      static class MyCertificateStore extends io.shomei.testing.memory.ForwardingCertificateStore {
        MyCertificateStore(Object schema) {
          super(new io.shomei.testing.memory.InMemoryCertificateStore());
        }
      }
      Object freshSchema() { return new Object(); }
      """;

  @TempDir Path out;

  @Test
  void everyJavaBlockOfTheReadmeCompiles() throws IOException {
    Path root = projectRoot();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(readme);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    // the README's opening example and its wiring section are Java: finding none means the
    // pattern, not the README, is broken
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);

    StringBuilder imports = new StringBuilder();
    // the README wires the engine to the JDBC stores, which are a module of their own
    for (String module : List.of("core", "store-jdbc")) {
      Matcher e = EXPORT.matcher(Files.readString(
          root.resolve(module + "/src/main/java/module-info.java"), StandardCharsets.UTF_8));
      while (e.find()) {
        imports.append("import ").append(e.group(1)).append(".*;\n");
      }
    }
    for (String p : List.of("io.shomei.spi", "java.io", "java.math", "java.nio.file",
        "java.security", "java.time", "java.util", "javax.sql")) {
      imports.append("import ").append(p).append(".*;\n");
    }
    imports.append("import java.security.cert.X509Certificate;\n");

    List<JavaFileObject> sources = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      String block = blocks.get(i);
      String body = block.stripLeading().startsWith("class ")
          ? block
          : "  void sample() throws Exception {\n" + block + "\n  }\n";
      String name = "ReadmeBlock" + (i + 1);
      String source = "package readme;\n" + imports + "@SuppressWarnings(\"all\")\nabstract class "
          + name + " {\n" + GIVEN + "\n" + body + "}\n";
      sources.add(new Source(name, source));
    }

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    StringWriter log = new StringWriter();
    boolean ok = javac.getTask(log, null, diagnostics,
        List.of("-proc:none", "-d", out.toString(), "-classpath", classPath), null, sources).call();

    StringBuilder errors = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String file = d.getSource() == null ? "?" : d.getSource().getName();
        errors.append(file).append(':').append(d.getLineNumber()).append(": ")
            .append(d.getMessage(Locale.ROOT)).append('\n');
      }
    }
    assertThat(errors.toString()).as("README blocks that do not compile").isEmpty();
    assertThat(ok).as(log.toString()).isTrue();
  }

  private static Path projectRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("core"))) {
        return dir;
      }
    }
    throw new AssertionError("no project root with README.md above " + start);
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String name, String code) {
      super(URI.create("string:///readme/" + name + ".java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
