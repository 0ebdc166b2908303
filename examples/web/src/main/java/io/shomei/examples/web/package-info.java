/**
 * The web example: a framework-free HTTPS application on the JDK's {@code HttpsServer} that walks
 * through the bank's manual (certificate acquisition, download, certificate login, password,
 * first-login change) with Shomei, on the shared {@code ./shomei-data} directory.
 *
 * <p>Start it with {@link io.shomei.examples.web.ShomeiWeb}; embed it (tests do) with
 * {@link io.shomei.examples.web.WebServer#builder}.
 */
@NullMarked
package io.shomei.examples.web;

import org.jspecify.annotations.NullMarked;
