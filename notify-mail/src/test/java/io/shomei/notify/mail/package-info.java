@NullMarked
package io.shomei.notify.mail;

import org.jspecify.annotations.NullMarked;
