package io.shomei.core.reliability;

/** {@link AbstractRaceTest} on the strict in-memory stores of the test fixtures. */
class InMemoryRaceTest extends AbstractRaceTest {
  @Override
  Rig.Stores open() {
    return Rig.Stores.inMemory();
  }

  @Override
  void close() {}

  @Override
  String name() {
    return "in-memory";
  }

  @Override
  double scale() {
    return 1.0;
  }
}
