@NullMarked
package io.shomei.testing.qt;

import org.jspecify.annotations.NullMarked;
