/**
 * The bank's letter to a customer as a PDF in Japanese and English ({@link
 * io.shomei.examples.letter.BankLetter}).
 */
@NullMarked
package io.shomei.examples.letter;

import org.jspecify.annotations.NullMarked;
