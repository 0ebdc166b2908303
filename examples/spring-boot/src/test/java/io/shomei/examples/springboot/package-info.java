@NullMarked
package io.shomei.examples.springboot;

import org.jspecify.annotations.NullMarked;
