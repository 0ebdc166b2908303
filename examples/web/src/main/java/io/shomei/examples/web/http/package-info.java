/**
 * A deliberately tiny HTTP layer over the JDK's {@code com.sun.net.httpserver}: a router, request
 * and response values, a form parser that keeps passwords out of {@link java.lang.String}s, a
 * template renderer that escapes every value, UTF-8 message bundles and a bounded server-side
 * session store with per-session CSRF tokens. Only what the web example needs; not a framework.
 */
@NullMarked
package io.shomei.examples.web.http;

import org.jspecify.annotations.NullMarked;
