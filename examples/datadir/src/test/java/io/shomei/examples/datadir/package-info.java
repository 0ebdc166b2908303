@NullMarked
package io.shomei.examples.datadir;

import org.jspecify.annotations.NullMarked;
