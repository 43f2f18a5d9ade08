package dev.tyboo.nodes;

import dev.tyboo.testkit.golden.GoldenFixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: every {@code golden/*.json} fixture holds a workflow (JSON), input items and the
 * items each node must emit per output port (or the error the execution must end with). The
 * catalogue is found through {@link java.util.ServiceLoader}, as a host would find it. Each fixture
 * runs on an in-memory engine and on a durable one ({@code Storage.inMemory}): the same outputs.
 * The runner is engine-testkit's, so users test their own nodes the same way.
 */
class GoldenTest {

  @TestFactory
  Stream<DynamicTest> every_fixture_gives_its_expected_outputs() {
    return GoldenFixtures.tests(GoldenFixtures.resource(GoldenTest.class, "/golden"));
  }
}
