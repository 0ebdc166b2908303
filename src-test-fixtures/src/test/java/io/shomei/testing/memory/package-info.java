@NullMarked
package io.shomei.testing.memory;

import org.jspecify.annotations.NullMarked;
