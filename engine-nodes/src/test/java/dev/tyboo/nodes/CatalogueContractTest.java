package dev.tyboo.nodes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.node.NodeType;
import dev.tyboo.testkit.golden.GoldenFixtures;
import dev.tyboo.testkit.node.NodeExample;
import dev.tyboo.testkit.node.NodeTestKit;
import dev.tyboo.testkit.node.NodeTypeContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every catalogue node meets {@link NodeTypeContract}. The examples are the nodes of the golden
 * fixtures (each with the fixture's input items, when it is a root node), plus {@link
 * CatalogueExamples} for what the fixtures do not show.
 */
class CatalogueContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> every_catalogue_node_meets_the_node_type_contract() throws IOException {
    Map<String, List<NodeExample>> examples =
        GoldenFixtures.examplesByType(
            GoldenFixtures.resource(CatalogueContractTest.class, "/golden"));
    CatalogueExamples.extra()
        .forEach(e -> examples.computeIfAbsent(e.type(), k -> new ArrayList<>()).add(e.example()));
    return CoreNodes.all().stream()
        .flatMap(
            (NodeType type) ->
                NodeTypeContract.tests(
                    type,
                    examples.getOrDefault(type.descriptor().type(), List.of()),
                    CatalogueExamples.notExercised(type.descriptor().type()),
                    kit -> withTheRestOfTheCatalogue(kit, type)));
  }

  /** Loop Over Items runs a body of other catalogue nodes. */
  private static NodeTestKit withTheRestOfTheCatalogue(NodeTestKit kit, NodeType type) {
    for (NodeType other : CoreNodes.all()) {
      if (!other.descriptor().type().equals(type.descriptor().type())) {
        kit.nodeType(other);
      }
    }
    return kit;
  }
}
