@NullMarked
package io.shomei.examples.web;

import org.jspecify.annotations.NullMarked;
