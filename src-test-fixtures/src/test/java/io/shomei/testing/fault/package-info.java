@NullMarked
package io.shomei.testing.fault;

import org.jspecify.annotations.NullMarked;
