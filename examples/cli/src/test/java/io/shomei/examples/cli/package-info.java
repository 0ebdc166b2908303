/** Tests of the operator CLI: in-process runs with captured output, and one run of the jar. */
@NullMarked
package io.shomei.examples.cli;

import org.jspecify.annotations.NullMarked;
