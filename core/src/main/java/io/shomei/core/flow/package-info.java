/**
 * Use cases: certificate acquisition, re-download, certificate login, first-login change, operator actions.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.flow;

import org.jspecify.annotations.NullMarked;
