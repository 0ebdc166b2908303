/**
 * The data directory ({@code ./shomei-data} by default) that the web example and the operator CLI
 * share: an embedded H2 database, the CA, the active rule file and per-service trust anchors, wired
 * into a {@link io.shomei.core.Shomei} with the SDK's exported API only.
 */
@NullMarked
package io.shomei.examples.datadir;

import org.jspecify.annotations.NullMarked;
