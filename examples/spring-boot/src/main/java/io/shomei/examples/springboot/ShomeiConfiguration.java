package io.shomei.examples.springboot;

import io.shomei.spi.Secret;
import io.shomei.core.IssuingCa;
import io.shomei.core.Shomei;
import io.shomei.core.ShomeiMetrics;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.core.password.PasswordHasher;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.KeyCustody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Wires Shomei from Spring beans. Nothing here is Spring magic: it is the {@link Shomei#builder()}
 * call of the README, fed with the Boot-managed {@link DataSource} and the host's properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShomeiProperties.class)
public class ShomeiConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(ShomeiConfiguration.class);

  /**
   * The clock every instant comes from.
   *
   * @return the system clock, in UTC (the bank's zone is applied on display)
   */
  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The CSPRNG for keys, serials, salts and generated passwords.
   *
   * @return a new {@link SecureRandom}
   */
  @Bean
  public SecureRandom secureRandom() {
    return new SecureRandom();
  }

  /**
   * The data directory.
   *
   * @param properties the host's properties
   * @return the directory, created if missing
   */
  @Bean
  public DataDirectory dataDirectory(ShomeiProperties properties) {
    return new DataDirectory(properties.dataDir());
  }

  /**
   * The CA: a software root in {@code ca.p12}, created on first start. A bank uses
   * {@code Pkcs11KeyCustody} (an HSM) instead; only this bean changes.
   *
   * @param dir the data directory
   * @param properties the host's properties
   * @param clock dates the root certificate
   * @param random generates the key
   * @return the custody
   * @throws IOException if the keystore's permissions cannot be set
   */
  @Bean
  public KeyCustody keyCustody(DataDirectory dir, ShomeiProperties properties, Clock clock,
      SecureRandom random) throws IOException {
    Path keystore = dir.file("ca.p12");
    boolean exists = Files.exists(keystore);
    try (Secret password = dir.password("ca-password.txt", random)) {
      if (exists) {
        return SoftwareKeyCustody.load(keystore, password, "ca");
      }
      SoftwareKeyCustody created = SoftwareKeyCustody.createRoot(keystore, password, "ca",
          RootCaSpec.of(properties.caSubject()), clock, random);
      DataDirectory.ownerOnly(keystore);
      LOG.info("created the software root CA {} in {}",
          created.certificate().getSubjectX500Principal().getName(), keystore);
      return created;
    }
  }

  /**
   * The issuing CAs, in order: the software root alone, or, with {@code shomei.ca.next.*}, the
   * root until {@code issuing-from} and the next CA from then on (the root keeps answering OCSP and
   * publishing its CRL).
   *
   * @param custody the software root
   * @param properties the host's properties
   * @return the CAs
   */
  @Bean
  public IssuingCas issuingCas(KeyCustody custody, ShomeiProperties properties) {
    ShomeiProperties.Next next = properties.ca().next();
    if (next == null) {
      return new IssuingCas(List.of(IssuingCa.of(custody)));
    }
    KeyCustody nextCustody;
    try (Secret password = Secret.of(Files.readString(next.passwordFile(), StandardCharsets.UTF_8)
        .strip())) {
      nextCustody = SoftwareKeyCustody.load(next.keystore(), password, next.alias());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shomei.ca.next.password-file", e);
    }
    LOG.info("CA rollover: {} issues until {}, {} from then on",
        custody.certificate().getSubjectX500Principal().getName(), next.issuingFrom(),
        nextCustody.certificate().getSubjectX500Principal().getName());
    return new IssuingCas(List.of(IssuingCa.of(custody).issuingUntil(next.issuingFrom()),
        IssuingCa.of(nextCustody).issuingFrom(next.issuingFrom())));
  }

  /**
   * The issuing CAs handed to {@link Shomei.Builder#issuingCa}, in order.
   *
   * @param all the CAs
   */
  public record IssuingCas(List<IssuingCa> all) {
    /** Copies the list. */
    public IssuingCas {
      all = List.copyOf(all);
    }
  }

  /**
   * Shomei's JDBC storage on the Boot-managed data source (HikariCP), migrated at start-up.
   *
   * @param dataSource the data source: H2 by default, PostgreSQL with the {@code postgres} profile
   * @param dir the data directory, made owner-only again once the database created its files
   * @return the storage
   */
  @Bean
  public JdbcStorage jdbcStorage(DataSource dataSource, DataDirectory dir) {
    JdbcStorage storage = JdbcStorage.create(dataSource);
    JdbcStorage.Migration migration = storage.migrate();
    dir.ownerOnlyTree();
    LOG.info("Shomei storage on {}: schema version {} -> {}", storage.dialect(),
        migration.fromVersion(), migration.toVersion());
    return storage;
  }

  /**
   * The services with their rules and trust anchors.
   *
   * @param properties the host's properties
   * @param cas the issuing CAs, whose roots are the default anchors
   * @param loader reads rule files and anchors
   * @return the catalog
   */
  @Bean
  public ServiceCatalog serviceCatalog(ShomeiProperties properties, IssuingCas cas,
      ResourceLoader loader) {
    return ServiceCatalog.from(properties, cas.all(), loader);
  }

  /**
   * The engine.
   *
   * @param storage the stores
   * @param cas the issuing CAs
   * @param catalog the services
   * @param properties the host's properties
   * @param clock the clock
   * @param random the CSPRNG
   * @param metrics the Micrometer binding ({@link ActuatorBinding})
   * @return Shomei
   */
  @Bean
  public Shomei shomei(JdbcStorage storage, IssuingCas cas, ServiceCatalog catalog,
      ShomeiProperties properties, Clock clock, SecureRandom random, ShomeiMetrics metrics) {
    Shomei.Builder builder = Shomei.builder()
        .storage(storage)
        .clock(clock)
        .zone(properties.zone())
        .passwordHasher(PasswordHasher.argon2id(random))
        .temporaryPasswordValidity(properties.temporaryPasswordValidity())
        .secureRandom(random)
        .voluntaryReacquisition(properties.voluntaryReacquisition())
        .retirementPolicy(properties.retirementPolicy())
        .metrics(metrics);
    Path keyFile = properties.pendingLoginKeyFile();
    if (keyFile != null) {
      builder.pendingLoginKey(PendingLoginKeyFile.read(keyFile));
    }
    cas.all().forEach(builder::issuingCa);
    catalog.all().forEach(builder::service);
    return builder.build();
  }
}
