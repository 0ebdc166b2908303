@NullMarked
package io.shomei.core.internal.x509;

import org.jspecify.annotations.NullMarked;
