/**
 * Migration: registering certificates that another system issued (a bank's existing inventory)
 * so that login, operator actions and re-acquisition campaigns know them.
 *
 * <p>Entry point: {@link io.shomei.core.migration.CertificateInventory}, from
 * {@link io.shomei.core.Shomei#inventory()} or built on its own. Adopting the existing CA itself is
 * done with {@link io.shomei.core.custody.SoftwareKeyCustody#load(java.nio.file.Path,
 * io.shomei.spi.Secret)} or {@link io.shomei.core.custody.Pkcs11KeyCustody#open(java.nio.file.Path,
 * io.shomei.spi.Secret, String, java.util.List)}.
 *
 * <p>The import rules and the certificate file parser are package-private here, beside the API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.migration;

import org.jspecify.annotations.NullMarked;
