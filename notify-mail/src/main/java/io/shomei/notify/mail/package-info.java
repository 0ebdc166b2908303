/**
 * {@link io.shomei.notify.mail.MailChannel}: customer notices by e-mail over SMTP.
 *
 * @since 0.2.0
 */
@NullMarked
package io.shomei.notify.mail;

import org.jspecify.annotations.NullMarked;
