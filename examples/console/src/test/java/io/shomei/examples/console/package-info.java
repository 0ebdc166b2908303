@NullMarked
package io.shomei.examples.console;

import org.jspecify.annotations.NullMarked;
