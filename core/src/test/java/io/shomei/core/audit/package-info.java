@NullMarked
package io.shomei.core.audit;

import org.jspecify.annotations.NullMarked;
