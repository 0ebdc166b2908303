/** The quickstart example: the 2021 notice replayed with Shomei's building blocks. */
@NullMarked
package io.shomei.examples.quickstart;

import org.jspecify.annotations.NullMarked;
