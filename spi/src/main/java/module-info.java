/**
 * Shomei's service-provider interfaces: storage of certificates, credentials, download tickets and
 * audit records, and key custody for the CA. JDK types only.
 *
 * @since 0.1.0
 */
@org.jspecify.annotations.NullMarked
module io.shomei.spi {
  requires static transitive org.jspecify;

  exports io.shomei.spi;
}
