package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.audit.AuditTrail;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {
  static final TestCa ROOT = TestCa.root("Files Root");
  static final TestCa ISSUING = ROOT.intermediate("Files Issuing CA");
  static final Instant FROM = Instant.parse("2020-05-01T00:00:00Z");
  static final Instant TO = Instant.parse("2021-05-01T00:00:00Z");

  @TempDir Path dir;

  static X509Certificate leaf(TestCa ca, String cn) {
    return ca.leaf().commonName(cn).validity(FROM, TO).issue().certificate();
  }

  static String pem(X509Certificate... certs) throws Exception {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : certs) {
      b.append("subject=whatever\n-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return b.toString();
  }

  static CertificateFile.Certificates certificates(CertificateFile f) {
    assertThat(f).isInstanceOf(CertificateFile.Certificates.class);
    return (CertificateFile.Certificates) f;
  }

  static String unreadable(CertificateFile f) {
    assertThat(f).isInstanceOf(CertificateFile.Unreadable.class);
    return ((CertificateFile.Unreadable) f).detail();
  }

  @Test
  void readsDerAndPemAndPicksTheEndEntityOfABundle() throws Exception {
    X509Certificate c = leaf(ISSUING, "12345678");
    Path der = Files.write(dir.resolve("a.der"), c.getEncoded());
    assertThat(certificates(CertificateFiles.read(der)).certificate()).isEqualTo(c);

    // chain first, leaf last: the only end-entity certificate is the subject
    Path bundle = Files.writeString(dir.resolve("b.pem"),
        pem(ROOT.certificate(), ISSUING.certificate(), c));
    CertificateFile.Certificates read = certificates(CertificateFiles.read(bundle));
    assertThat(read.certificate()).isEqualTo(c);
    assertThat(read.others()).containsExactly(ROOT.certificate(), ISSUING.certificate());
    assertThat(read.toRequest("fx-forward").intermediates()).hasSize(2);
    assertThat(read.toRequest("fx-forward").source()).isEqualTo(bundle.toString());
  }

  @Test
  void refusesWhatIsNotExactlyCertificates() throws Exception {
    X509Certificate c = leaf(ROOT, "12345678");
    byte[] der = c.getEncoded();
    byte[] trailing = Arrays.copyOf(der, der.length + 1);
    assertThat(unreadable(CertificateFiles.parse(Path.of("t"), trailing))).contains("trailing");
    assertThat(unreadable(CertificateFiles.parse(Path.of("e"), new byte[0]))).contains("empty");
    assertThat(unreadable(CertificateFiles.parse(Path.of("x"),
        "hello".getBytes(StandardCharsets.US_ASCII)))).contains("neither");
    assertThat(unreadable(CertificateFiles.parse(Path.of("h"),
        "-----BEGIN CERTIFICATE-----\nMIIB\n".getBytes(StandardCharsets.US_ASCII))))
        .contains("END");
    assertThat(unreadable(CertificateFiles.parse(Path.of("g"),
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.US_ASCII)))).contains("Base64");
    X509Certificate[] many = new X509Certificate[CertificateFiles.MAX_CERTIFICATES_PER_FILE + 1];
    Arrays.fill(many, c);
    assertThat(unreadable(CertificateFiles.parse(Path.of("m"),
        pem(many).getBytes(StandardCharsets.US_ASCII)))).contains("more than");
    Path big = Files.write(dir.resolve("big"), new byte[CertificateFiles.MAX_FILE_BYTES + 1]);
    assertThat(unreadable(CertificateFiles.read(big))).contains("larger");
    byte[] garbage = der.clone();
    garbage[garbage.length / 2] ^= 0x7f;
    garbage[10] = (byte) 0xff;
    assertThat(CertificateFiles.parse(Path.of("z"), garbage))
        .isInstanceOf(CertificateFile.Unreadable.class);
  }

  @Test
  void listsRegularVisibleFilesInNameOrder() throws Exception {
    Files.writeString(dir.resolve("b"), "x");
    Files.writeString(dir.resolve("a"), "x");
    Files.writeString(dir.resolve(".hidden"), "x");
    Files.createDirectory(dir.resolve("sub"));
    assertThat(CertificateFiles.list(dir)).containsExactly(dir.resolve("a"), dir.resolve("b"));
    assertThatThrownBy(() -> CertificateFiles.list(dir.resolve("missing")))
        .isInstanceOf(CertificateFiles.ListingException.class);
  }

  @Test
  void importingADirectoryTwiceImportsNothingNew() throws Exception {
    InMemoryCertificateStore store = new InMemoryCertificateStore();
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    CertificateInventory inventory = CertificateInventory.builder().certificateStore(store)
        .auditTrail(new AuditTrail(new InMemoryAuditLog(), clock)).clock(clock)
        .trustAnchors("fx-forward", List.of(ROOT.certificate())).build();
    Files.write(dir.resolve("1.der"), leaf(ROOT, "10000001").getEncoded());
    Files.writeString(dir.resolve("2.pem"), pem(leaf(ISSUING, "10000002"), ISSUING.certificate()));
    Files.writeString(dir.resolve("3.pem"), pem(leaf(ROOT, "not a user")));
    Files.writeString(dir.resolve("4.txt"), "not a certificate");

    List<String> seen = new ArrayList<>();
    ImportSummary first = inventory.importFiles(dir, "fx-forward",
        ActiveConflictPolicy.SUPERSEDE_OLDER, (source, result, soFar) -> seen.add(
            Path.of(source).getFileName() + "=" + result.getClass().getSimpleName()));
    assertThat(seen).containsExactly("1.der=Imported", "2.pem=Imported", "3.pem=Refused",
        "4.txt=Refused");
    assertThat(first.imported()).isEqualTo(2);
    assertThat(first.refused(ImportRefusal.SUBJECT_NOT_MAPPABLE)).isEqualTo(1);
    assertThat(first.refused(ImportRefusal.UNREADABLE)).isEqualTo(1);
    assertThat(first.total()).isEqualTo(4);

    ImportSummary second = inventory.importFiles(dir, "fx-forward",
        ActiveConflictPolicy.SUPERSEDE_OLDER, ImportListener.NONE);
    assertThat(second.imported()).isZero();
    assertThat(second.duplicates()).isEqualTo(2);
    assertThat(store.count()).isEqualTo(2);
  }
}
