/**
 * Certificate to user: chain acceptance, exactly-one-CN extraction from DER, user-ID syntax, certificate summaries.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.identity;

import org.jspecify.annotations.NullMarked;
