package io.shomei.examples.cli;

import com.sun.net.httpserver.HttpServer;
import io.shomei.core.IssuingCa;
import io.shomei.core.Shomei;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.ocsp.OcspResponder;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.datadir.OcspHttpHandler;
import io.shomei.spi.KeyCustody;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei ocsp ...}: the OCSP responder. */
@Command(name = "ocsp", mixinStandardHelpOptions = true,
    description = "The OCSP responder for TLS terminators and other relying parties.",
    subcommands = {OcspCommands.Serve.class})
final class OcspCommands {
  private OcspCommands() {}

  /** {@code shomei ocsp serve}: answers OCSP requests on 127.0.0.1 until stopped. */
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Answers OCSP requests (RFC 6960 / RFC 5019: POST, and GET with the base64"
          + " request after /ocsp/) at http://127.0.0.1:PORT/ocsp from the data directory's"
          + " certificate records and active rules, for every CA of the directory (each request"
          + " names its issuer), until the process is stopped (Ctrl+C).",
          "Prints result: serving, the URL and the signer (one signer-subject per CA), then"
              + " serves."})
  static final class Serve extends CliCommand {
    @Option(names = "--port", paramLabel = "N", defaultValue = "8088",
        description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8088;

    @Option(names = "--responder", paramLabel = "WHO", defaultValue = "ca",
        description = "ca (default: each CA's key signs the answers about its certificates) or"
            + " delegated (a P-256 key made for this run, certified by the CA with"
            + " id-kp-OCSPSigning and ocsp-nocheck; a directory with one CA only).")
    String responder = "ca";

    @Option(names = "--responder-cert-out", paramLabel = "FILE",
        description = "Writes the signers' certificates (PEM, one per CA) here, for openssl ocsp"
            + " -VAfile.")
    @Nullable Path responderCertOut;

    @Option(names = "--next-update-minutes", paramLabel = "M", defaultValue = "60",
        description = "nextUpdate of each answer, minutes after it (default: ${DEFAULT-VALUE}).")
    int nextUpdateMinutes = 60;

    Serve(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() throws IOException {
      if (port < 0 || port > 65535) {
        throw new UsageException("--port must be 0..65535");
      }
      if (!responder.equals("ca") && !responder.equals("delegated")) {
        throw new UsageException("--responder must be ca or delegated");
      }
      if (nextUpdateMinutes < 1 || nextUpdateMinutes > 7 * 24 * 60) {
        throw new UsageException("--next-update-minutes must be 1..10080");
      }
      try (DataDir dir = open()) {
        Shomei shomei = dir.shomei(ctx.clock());
        OcspResponder.Builder b = shomei.ocspResponder()
            .nextUpdate(Duration.ofMinutes(nextUpdateMinutes));
        List<IssuingCa> cas = shomei.issuingCas();
        if (responder.equals("delegated")) {
          // each CA certifies a responder key of its own, which exists only in this process:
          // each run certifies new ones
          for (IssuingCa ca : cas) {
            KeyCustody key = SoftwareKeyCustody.ephemeral(
                RootCaSpec.of("CN=Shomei OCSP responder key").withValidity(Duration.ofDays(2)),
                ctx.clock(), new SecureRandom());
            if (cas.size() == 1) {
              b.delegatedResponder(key, Duration.ofDays(1));
            } else {
              b.delegatedResponder(ca.custody(), key, Duration.ofDays(1));
            }
          }
        }
        OcspResponder ocsp = b.build();
        // each CA's answers are signed by the CA itself (--responder ca) or its delegated key
        List<X509Certificate> signers = new ArrayList<>();
        for (IssuingCa ca : cas) {
          signers.add(responder.equals("delegated") ? ocsp.signerCertificate(ca.custody())
              : ca.certificate());
        }
        if (responderCertOut != null) {
          StringBuilder pems = new StringBuilder();
          signers.forEach(c -> pems.append(pem(c)));
          Path tmp = ReplacedFile.begin(responderCertOut);
          Files.writeString(tmp, pems, StandardCharsets.US_ASCII);
          ReplacedFile.commit(tmp, responderCertOut);
        }
        return serve(ocsp, signers);
      }
    }

    private int serve(OcspResponder ocsp, List<X509Certificate> signers) throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 64);
      OcspHttpHandler handler = new OcspHttpHandler(ocsp, "/ocsp");
      server.createContext("/ocsp", handler);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      server.setExecutor(pool);
      server.start();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        server.stop(0);
        stopped.countDown();
      }, "shomei-ocsp-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        out.kv("result", "serving")
            .kv("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp")
            .kv("signer", responder);
        for (X509Certificate signer : signers) {
          out.kv("signer-subject", signer.getSubjectX500Principal().getName());
        }
        out.kv("next-update-minutes", nextUpdateMinutes);
        if (responderCertOut != null) {
          out.kv("responder-cert", responderCertOut);
        }
        out.flush();
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stopped in-process: shut down and return
      } finally {
        server.stop(0);
        pool.shutdownNow();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook runs (or ran) anyway
        }
      }
      out.kv("stopped", "answers=" + handler.answered());
      return ShomeiCli.OK;
    }

    private static String pem(X509Certificate c) {
      try {
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode a certificate", e);
      }
    }
  }
}
