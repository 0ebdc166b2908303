package io.shomei.examples.springboot;

import io.shomei.core.RetirementPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The host's settings, under {@code shomei.*} (see {@code application.properties}).
 *
 * @param dataDir where the software CA, the server's TLS key and (by default) the H2 database live
 * @param zone the bank's zone, for what customers see (validity periods, dates in messages)
 * @param caSubject the subject of the software root CA created on first start
 * @param demoCustomer whether to enroll a demo customer on first start and print its letter
 * @param voluntaryReacquisition whether a customer whose certificate is still usable may re-acquire
 *     (Shomei's default, and the notice's reading, is no)
 * @param retirementPolicy whether a superseded certificate is also revoked (reason superseded):
 *     never (Shomei's default), at the new one's issuance, or at the first login with the new one
 * @param services the services, by identifier: each with its own rules and trust anchors
 * @param temporaryPasswordValidity how long a letter's temporary password may be used (30 days by
 *     default); after that the branch issues a new letter
 * @param edge the limits per source address and per user ID ({@link EdgeThrottle})
 * @param loginPort the port of certificate login, the only one asking for a client certificate
 *     ({@link CertificateLoginPort}); -1 (the default) for {@code server.port + 1}
 * @param pendingLoginKeyFile the key (base64, at least 32 random bytes, an owner-only file) that
 *     seals a login's steps ({@code Shomei.Builder.pendingLoginKey}), the same file on every node
 *     of a cluster so that each step may reach another node; none (the default): a key of this
 *     process's own, for one node
 * @param ca the issuing CAs beyond the software root: {@code shomei.ca.next.*} names the CA that
 *     takes over issuing at an instant (a CA rollover); the root then only publishes status
 */
@ConfigurationProperties("shomei")
public record ShomeiProperties(
    @DefaultValue("./shomei-spring-data") Path dataDir,
    @DefaultValue("Asia/Tokyo") ZoneId zone,
    @DefaultValue("CN=Shomei Spring Example Root CA,O=Example Bank,C=JP") String caSubject,
    @DefaultValue("true") boolean demoCustomer,
    @DefaultValue("false") boolean voluntaryReacquisition,
    @DefaultValue("KEEP_SUPERSEDED") RetirementPolicy retirementPolicy,
    @DefaultValue Map<String, Service> services,
    @DefaultValue("30d") Duration temporaryPasswordValidity,
    @DefaultValue Edge edge,
    @DefaultValue("-1") int loginPort,
    @Nullable Path pendingLoginKeyFile,
    @DefaultValue Ca ca) {

  /**
   * The issuing CAs beyond the software root of {@code ca.p12}.
   *
   * @param next the CA that issues from {@code issuing-from} on, or none (the default: the root
   *     issues at every instant)
   */
  public record Ca(@Nullable Next next) {}

  /**
   * A CA that takes over issuing at an instant: before it the software root issues, from it this
   * CA; both keep answering OCSP and publishing their CRLs, and logins accept both roots (unless a
   * service lists its own trust anchors).
   *
   * @param keystore its PKCS#12 keystore (a bank uses an HSM; only the bean changes)
   * @param passwordFile the file holding the keystore's password (owner-only)
   * @param alias the key's alias in the keystore
   * @param issuingFrom the instant it starts issuing (ISO-8601, for example
   *     {@code 2021-02-23T15:00:00Z})
   */
  public record Next(Path keystore, Path passwordFile, @DefaultValue("ca") String alias,
      Instant issuingFrom) {}


  /**
   * The host's edge limits: password-bearing forms ({@code POST /acquire}, {@code /login/password},
   * {@code /login/change}) per source address, and acquisition attempts per user ID, each a token
   * bucket of that many per period.
   *
   * @param perSource forms one address may send per period
   * @param perUser acquisition attempts per user ID per period, from any address
   * @param period the period
   */
  public record Edge(@DefaultValue("30") int perSource, @DefaultValue("10") int perUser,
      @DefaultValue("10m") Duration period) {}

  /**
   * One service's settings.
   *
   * @param rules where its eligibility rule file is ({@code classpath:...}, {@code file:...}); none
   *     means an empty rule set: no campaign affects the service
   * @param policyOid the certificate policy OID its certificates carry
   * @param trustAnchors PEM files ({@code classpath:...}, {@code file:...}) of the CA certificates
   *     its logins accept; none means the software CA's root
   * @param certificateValidityDays validity of the certificates it issues
   */
  public record Service(
      @Nullable String rules,
      @DefaultValue("1.3.6.1.4.1.55555.9.1") String policyOid,
      @DefaultValue List<String> trustAnchors,
      @DefaultValue("730") int certificateValidityDays) {}
}
