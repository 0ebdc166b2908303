@NullMarked
package io.shomei.examples.quickstart;

import org.jspecify.annotations.NullMarked;
