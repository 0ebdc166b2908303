@NullMarked
package io.shomei.examples.web.http;

import org.jspecify.annotations.NullMarked;
