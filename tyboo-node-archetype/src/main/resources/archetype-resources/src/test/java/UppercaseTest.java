package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.testkit.golden.GoldenFixtures;
import dev.tyboo.testkit.node.NodeExample;
import dev.tyboo.testkit.node.NodeTestKit;
import dev.tyboo.testkit.node.NodeTestResult;
import dev.tyboo.testkit.node.NodeTypeContract;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class UppercaseTest extends NodeTypeContract {

  @Override
  protected NodeType nodeType() {
    return Uppercase.TYPE;
  }

  @Override
  protected List<NodeExample> examples() {
    return List.of(
        NodeExample.of("upper-cases the field", Map.of("field", "name"))
            .input(Item.listOf(Map.of("name", "ada")))
            .expect("main", Item.listOf(Map.of("name", "ADA"))));
  }

  @Test
  void upper_cases_the_field_per_item_with_expressions() {
    NodeTestResult result =
        NodeTestKit.of(Uppercase.TYPE)
            .parameters(Map.of("field", "{{ $json.which }}"))
            .input(Item.listOf(Map.of("which", "a", "a", "x"), Map.of("which", "b", "b", "y")))
            .run();

    assertThat(result.output())
        .extracting(Item::json)
        .containsExactly(Map.of("which", "a", "a", "X"), Map.of("which", "b", "b", "Y"));
  }

  @Test
  void fails_typed_on_the_item_without_the_field() {
    NodeTestResult result =
        NodeTestKit.of(Uppercase.TYPE)
            .parameters(Map.of("field", "name"))
            .input(Item.listOf(Map.of("name", "ada"), Map.of()))
            .run();

    assertThat(result.failure())
        .get()
        .satisfies(
            e -> {
              assertThat(e.itemIndex()).isEqualTo(1);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage())
                  .startsWith("Node 'node' failed (execution ")
                  .endsWith("attempt 1, item 1): field 'name' is not text");
            });
  }

  @TestFactory
  Stream<DynamicTest> golden() {
    return GoldenFixtures.tests(GoldenFixtures.resource(UppercaseTest.class, "/golden"));
  }
}
