package io.shomei.testing.contract;

import io.shomei.testing.ca.TestCa;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Shared state of the contract suites. */
final class ContractSupport {
  static final TestCa CA = TestCa.root("Shomei Contract CA");

  /** A second issuer, for serials two CAs share (an adopted CA beside the bank's new one). */
  static final TestCa OTHER_CA = TestCa.root("Shomei Contract Adopted CA");

  private ContractSupport() {}

  /** The current instant at the microsecond precision every store keeps. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
