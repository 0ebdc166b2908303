package io.shomei.core.custody;

import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An existing bank CA made entirely with the {@code openssl} command line, as a bank's own tooling
 * would: an EC P-256 root, an intermediate and an issuing CA under it (keys in PKCS#8 PEM files),
 * and a client certificate issued by the issuing CA. Skips (fails under CI) without openssl.
 */
final class OpensslCa {
  static final String EXTENSIONS = """
      [ca]
      basicConstraints = critical, CA:TRUE
      keyUsage = critical, keyCertSign, cRLSign
      subjectKeyIdentifier = hash
      authorityKeyIdentifier = keyid
      [client]
      basicConstraints = critical, CA:FALSE
      keyUsage = critical, digitalSignature
      extendedKeyUsage = clientAuth
      subjectKeyIdentifier = hash
      authorityKeyIdentifier = keyid
      """;

  final Path dir;

  private OpensslCa(Path dir) {
    this.dir = dir;
  }

  /** Creates root, intermediate, issuing CA and one client certificate (CN=12345678) in dir. */
  static OpensslCa create(Path dir) throws Exception {
    Components.require(Component.OPENSSL);
    OpensslCa ca = new OpensslCa(dir);
    Files.writeString(dir.resolve("ext.cnf"), EXTENSIONS);
    ca.key("root");
    ca.run("req", "-x509", "-new", "-key", "root.key", "-subj", "/C=JP/O=Old Bank/CN=Old Bank Root",
        "-days", "3650", "-sha256", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "root.pem");
    ca.signed("inter", "/C=JP/O=Old Bank/CN=Old Bank Intermediate", "root", "ca", 3000);
    ca.signed("issuing", "/C=JP/O=Old Bank/CN=Old Bank Client CA", "inter", "ca", 2000);
    ca.signed("client", "/C=JP/O=Old Bank/CN=12345678", "issuing", "client", 365);
    Files.writeString(dir.resolve("chain.pem"),
        Files.readString(dir.resolve("inter.pem")) + Files.readString(dir.resolve("root.pem")));
    return ca;
  }

  private void key(String name) {
    run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
  }

  private void signed(String name, String subject, String issuer, String ext, int days) {
    key(name);
    run("req", "-new", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
    run("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key",
        "-CAcreateserial", "-days", String.valueOf(days), "-sha256", "-extfile", "ext.cnf",
        "-extensions", ext, "-out", name + ".pem");
  }

  /** The issuing CA's key and chain as a PKCS#12 file; {@code name} null for no friendly name. */
  Path pkcs12(String file, String password, @org.jspecify.annotations.Nullable String name) {
    List<String> args = new ArrayList<>(List.of("pkcs12", "-export", "-inkey", "issuing.key",
        "-in", "issuing.pem", "-certfile", "chain.pem", "-passout", "env:P12_PASSWORD",
        "-out", file));
    if (name != null) {
      args.addAll(List.of("-name", name));
    }
    run(Map.of("P12_PASSWORD", password), args.toArray(new String[0]));
    return dir.resolve(file);
  }

  X509Certificate certificate(String name) throws Exception {
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".pem"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  void run(String... args) {
    run(Map.of(), args);
  }

  void run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    ProcessRunner.run(command, Duration.ofSeconds(60), dir, env, null).requireSuccess();
  }
}
