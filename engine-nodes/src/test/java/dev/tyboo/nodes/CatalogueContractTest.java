package dev.tyboo.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.testkit.golden.GoldenFixtures;
import dev.tyboo.testkit.node.NodeExample;
import dev.tyboo.testkit.node.NodeTestKit;
import dev.tyboo.testkit.node.NodeTypeContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
    Map<String, List<NodeExample>> examples = fromGoldenFixtures();
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

  /** The nodes of every golden fixture, by type. */
  private static Map<String, List<NodeExample>> fromGoldenFixtures() throws IOException {
    Map<String, List<NodeExample>> byType = new HashMap<>();
    Path dir = GoldenFixtures.resource(CatalogueContractTest.class, "/golden");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode spec = JSON.readTree(f.toFile());
        List<Item> input = new ArrayList<>();
        for (JsonNode item : spec.path("input")) {
          @SuppressWarnings("unchecked")
          Map<String, Object> json = JSON.convertValue(item, Map.class);
          input.add(Item.of(json));
        }
        JsonNode workflow = spec.get("workflow");
        for (JsonNode node : workflow.get("nodes")) {
          @SuppressWarnings("unchecked")
          Map<String, Object> params =
              node.has("parameters")
                  ? JSON.convertValue(node.get("parameters"), Map.class)
                  : Map.of();
          NodeExample example =
              NodeExample.of(f.getFileName() + " " + node.get("id").asText(), params);
          if (!hasPredecessor(workflow, node.get("id").asText())) {
            example = example.input(input);
          }
          byType.computeIfAbsent(node.get("type").asText(), k -> new ArrayList<>()).add(example);
        }
      }
    }
    return byType;
  }

  private static boolean hasPredecessor(JsonNode workflow, String id) {
    for (JsonNode c : workflow.path("connections")) {
      if (id.equals(c.path("to").asText())) {
        return true;
      }
    }
    return false;
  }
}
