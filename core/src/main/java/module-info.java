/**
 * The Shomei engine. Only the API packages are exported; {@code io.shomei.core.internal} is not.
 *
 * @since 0.1.0
 */
@org.jspecify.annotations.NullMarked
module io.shomei.core {
  requires transitive io.shomei.spi;
  requires static transitive org.jspecify;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires org.slf4j;

  exports io.shomei.core;
  exports io.shomei.core.audit;
  exports io.shomei.core.custody;
  exports io.shomei.core.eligibility;
  exports io.shomei.core.forwarded;
  exports io.shomei.core.identity;
  exports io.shomei.core.issue;
  exports io.shomei.core.migration;
  exports io.shomei.core.ocsp;
  exports io.shomei.core.password;
  exports io.shomei.core.pkcs12;
  // each API package adds its own exports line here, in alphabetical order
}
