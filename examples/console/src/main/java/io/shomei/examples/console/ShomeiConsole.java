package io.shomei.examples.console;

import io.shomei.core.Shomei;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the console, or enrolls an operator:
 *
 * <pre>
 * java -jar shomei-console.jar serve --data DIR --operator-ca CA.pem [--port N]
 * java -jar shomei-console.jar add-operator --data DIR --operator-ca CA.pem --id STAFF-NUMBER
 *     --roles BRANCH_OPERATOR,APPROVER --certificate OPERATOR.pem
 * </pre>
 *
 * <p>{@code add-operator} prints the operator's temporary password once (the operator's own
 * letter); the first console login changes it.
 */
public final class ShomeiConsole {
  private ShomeiConsole() {}

  /**
   * The entry point.
   *
   * @param args the command line
   * @throws Exception when the console cannot start
   */
  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0) {
      return usage(err);
    }
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        return usage(err);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 == 0 || !o.containsKey("data") || !o.containsKey("operator-ca")) {
      return usage(err);
    }
    List<X509Certificate> cas = certificates(Path.of(o.get("operator-ca")));
    try (DataDir data = DataDir.open(Path.of(o.get("data")))) {
      switch (args[0]) {
        case "serve" -> {
          int port = Integer.parseInt(o.getOrDefault("port", "9443"));
          try (ConsoleServer console = ConsoleServer.builder(data, cas).port(port).start()) {
            out.println("operator console on " + console.uri()
                + " (server CA: " + console.identity().caPemFile() + ")");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "console-stop"));
            stop.await();
          }
          return 0;
        }
        case "add-operator" -> {
          if (!o.containsKey("id") || !o.containsKey("roles") || !o.containsKey("certificate")) {
            return usage(err);
          }
          Set<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
          for (String role : o.get("roles").split(",", -1)) {
            roles.add(OperatorRole.valueOf(role.trim()));
          }
          Shomei shomei = data.shomei(Clock.systemUTC(), data.rules(),
              b -> b.service(OperatorService.settings(cas, data.rules())));
          X509Certificate certificate = certificates(Path.of(o.get("certificate"))).get(0);
          try (Secret temporary = OperatorService.enroll(shomei, data.storage().operatorStore(),
              o.get("id"), roles, certificate)) {
            out.println("operator " + o.get("id") + " " + roles + ", temporary password: "
                + new String(temporary.toCharArray()));
          }
          return 0;
        }
        default -> {
          return usage(err);
        }
      }
    }
  }

  static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(pem)) {
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + pem);
    }
    return List.copyOf(out);
  }

  private static int usage(PrintStream err) {
    err.println("""
        usage: java -jar shomei-console.jar serve --data DIR --operator-ca CA.pem [--port N]
               java -jar shomei-console.jar add-operator --data DIR --operator-ca CA.pem \\
                   --id STAFF-NUMBER --roles BRANCH_OPERATOR,APPROVER,AUDITOR --certificate OP.pem""");
    return 2;
  }
}
