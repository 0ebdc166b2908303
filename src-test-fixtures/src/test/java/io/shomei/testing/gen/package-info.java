@NullMarked
package io.shomei.testing.gen;

import org.jspecify.annotations.NullMarked;
