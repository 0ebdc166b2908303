@NullMarked
package io.shomei.testing.ca;

import org.jspecify.annotations.NullMarked;
