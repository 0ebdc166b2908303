@NullMarked
package io.shomei.spi;

import org.jspecify.annotations.NullMarked;
