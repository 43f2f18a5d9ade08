package dev.tyboo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {

  private static NodeType type(String name, int version) {
    NodeDescriptor d = NodeDescriptor.builder(name).version(version).build();
    return new NodeType() {
      @Override
      public NodeDescriptor descriptor() {
        return d;
      }

      @Override
      public NodeResult execute(NodeContext context) {
        return NodeResult.empty();
      }
    };
  }

  @Test
  void should_find_types_by_name_and_version() {
    NodeType v1 = type("acme.send", 1);
    NodeType v2 = type("acme.send", 2);
    NodeRegistry registry = NodeRegistry.of(v2, v1, type("acme.other", 1));

    assertThat(registry.find("acme.send", 1)).containsSame(v1);
    assertThat(registry.latest("acme.send")).containsSame(v2);
    assertThat(registry.versions("acme.send")).containsExactly(1, 2);
    assertThat(registry.find("acme.send", 3)).isEmpty();
    assertThat(registry.all())
        .extracting(t -> t.descriptor().type() + "@" + t.descriptor().version())
        .containsExactly("acme.other@1", "acme.send@1", "acme.send@2");
  }

  @Test
  void should_refuse_two_types_with_the_same_name_and_version() {
    assertThatThrownBy(() -> NodeRegistry.of(type("acme.send", 1), type("acme.send", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'acme.send' version 1 is registered twice");
  }

  @Test
  void should_discover_catalogues_through_the_service_loader() {
    NodeRegistry registry = NodeRegistry.builder().discover(getClass().getClassLoader()).build();
    assertThat(registry.latest("test.discovered")).isPresent();
  }

  @Test
  void should_validate_descriptors() {
    assertThatThrownBy(() -> NodeDescriptor.builder("bad name").build())
        .hasMessageContaining("'bad name'");
    assertThatThrownBy(() -> NodeDescriptor.builder("a").version(0).build())
        .hasMessageContaining("version");
    assertThatThrownBy(() -> NodeDescriptor.builder("a").outputs("x", "x").build())
        .hasMessageContaining("duplicate output");
    assertThatThrownBy(() -> NodeDescriptor.builder("a").outputs("error").build())
        .hasMessageContaining("reserved");
  }

  @Test
  void should_publish_the_parameters_as_json_schema() {
    NodeDescriptor d =
        NodeDescriptor.builder("acme.send")
            .property(PropertySpec.string("to").required().describedAs("Recipient"))
            .property(PropertySpec.string("mode").oneOf("fast", "slow").withDefault("fast"))
            .property(PropertySpec.object("retry", PropertySpec.integer("times")))
            .build();

    Map<String, Object> schema = d.parameterSchema();

    assertThat(schema)
        .containsEntry("type", "object")
        .containsEntry("required", List.of("to"))
        .containsEntry("additionalProperties", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) schema.get("properties");
    assertThat(props.get("to")).isEqualTo(Map.of("type", "string", "description", "Recipient"));
    assertThat(props.get("mode"))
        .isEqualTo(Map.of("type", "string", "default", "fast", "enum", List.of("fast", "slow")));
    assertThat(((Map<?, ?>) props.get("retry")).get("properties"))
        .isEqualTo(Map.of("times", Map.of("type", "integer")));
  }

  /** Found by {@link #should_discover_catalogues_through_the_service_loader}. */
  public static final class TestCatalog implements NodeCatalog {
    @Override
    public List<NodeType> nodeTypes() {
      return List.of(type("test.discovered", 1));
    }
  }
}
