/**
 * Service-provider interfaces of Shomei and their value types.
 *
 * <p>Everything here depends on the JDK only. Storage operations that must be atomic are one method
 * each, with compare-and-set semantics, so that an implementation cannot get a multi-step sequence
 * half right. Every time is an {@link java.time.Instant}; no interface reads a clock of its own.
 * Stores keep instants to the microsecond at least (finer digits may be dropped), which is what
 * PostgreSQL and H2 timestamps hold; Shomei truncates the instants it writes accordingly.
 *
 * <p>Implementations report infrastructure failures (a lost connection, a full disk, an HSM that went
 * away) as {@link io.shomei.spi.StorageException} or {@link io.shomei.spi.KeyCustodyException}; expected
 * outcomes (not found, a lost compare-and-set race, a duplicate) are return values, never exceptions.
 *
 * <p>Contract test suites for every interface are shipped in {@code shomei-test-fixtures}; an
 * implementation is conforming when it passes them.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.spi;

import org.jspecify.annotations.NullMarked;
