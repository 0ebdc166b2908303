/**
 * Jazzer fuzz tests ({@code @FuzzTest}). Under a plain {@code mvn verify} they run in regression
 * mode over the committed inputs in {@code src/test/resources/io/shomei/core/fuzz/<Class>Inputs/};
 * {@code core/src/test/fuzz.sh} fuzzes them for real.
 */
@NullMarked
package io.shomei.core.fuzz;

import org.jspecify.annotations.NullMarked;
