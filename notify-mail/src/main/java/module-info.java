/**
 * Customer notices by e-mail: a {@link io.shomei.spi.NotificationChannel} over SMTP on Jakarta Mail
 * (Eclipse Angus). It depends on the SPI and the mail library only, not on the engine.
 *
 * @since 0.2.0
 */
@org.jspecify.annotations.NullMarked
module io.shomei.notify.mail {
  requires transitive io.shomei.spi;
  requires static transitive org.jspecify;
  requires jakarta.mail;
  requires org.eclipse.angus.mail;

  exports io.shomei.notify.mail;
}
