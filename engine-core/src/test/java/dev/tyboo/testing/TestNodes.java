package dev.tyboo.testing;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small node types with parameters, for tests of validation, JSON and expressions. */
public final class TestNodes {
  private TestNodes() {}

  /**
   * {@code test.set}: sets {@code field} to {@code value} (resolved per item) on every input item.
   */
  public static final NodeType SET =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.set")
                .displayName("Set field")
                .property(PropertySpec.string("field").required())
                .property(PropertySpec.any("value").required())
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          List<Item> out = new ArrayList<>();
          for (int i = 0; i < ctx.input().size(); i++) {
            out.add(
                ctx.input()
                    .get(i)
                    .with(ctx.stringParameter("field", i), ctx.parameter("value", i)));
          }
          return NodeResult.of(out);
        }
      };

  /** {@code test.source}: no input; emits {@code count} items {@code {n: i}}. */
  public static final NodeType SOURCE =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.source")
                .inputs()
                .property(PropertySpec.integer("count").withDefault(1))
                .property(PropertySpec.string("mode").oneOf("fast", "slow").withDefault("fast"))
                .property(
                    PropertySpec.object(
                        "options",
                        PropertySpec.bool("verbose"),
                        PropertySpec.string("label").required()))
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          int count = ctx.parameter("count", 0, Number.class).intValue();
          List<Item> out = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            out.add(Item.of(Map.of("n", i)));
          }
          return NodeResult.of(out);
        }
      };

  /**
   * {@code test.route}: sends each item to {@code true} or {@code false} by the {@code condition}
   * parameter.
   */
  public static final NodeType ROUTE =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.route")
                .outputs("true", "false")
                .property(PropertySpec.bool("condition").required())
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          NodeResult.Builder out = NodeResult.builder();
          for (int i = 0; i < ctx.input().size(); i++) {
            out.emit(
                Boolean.TRUE.equals(ctx.parameter("condition", i, Boolean.class))
                    ? "true"
                    : "false",
                ctx.input().get(i));
          }
          return out.build();
        }
      };

  /**
   * {@code test.tokenSuffix}: emits the last four characters of its {@code httpBearerAuth} token,
   * enough to tell whose credential it was lent.
   */
  public static final NodeType TOKEN_SUFFIX =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.tokenSuffix").credentialType("httpBearerAuth").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          String token = (String) ctx.credential("httpBearerAuth").get("token");
          return NodeResult.of(Item.listOf(Map.of("suffix", token.substring(token.length() - 4))));
        }
      };

  /**
   * @return a registry of every test node type
   */
  public static NodeRegistry registry() {
    return NodeRegistry.of(SET, SOURCE, ROUTE);
  }

  /**
   * @param field the field to set
   * @param value its value (expressions allowed)
   * @return a {@code test.set} definition
   */
  public static NodeDefinition set(String field, Object value) {
    Map<String, Object> parameters = new java.util.LinkedHashMap<>();
    parameters.put("field", field);
    parameters.put("value", value);
    return NodeDefinition.of(SET, parameters);
  }

  /**
   * @param condition a boolean or an expression
   * @return a {@code test.route} definition
   */
  public static NodeDefinition route(Object condition) {
    return NodeDefinition.of(ROUTE, Map.of("condition", condition));
  }

  /**
   * @param parameters the parameters
   * @return a {@code test.source} definition
   */
  public static NodeDefinition source(Map<String, ?> parameters) {
    return NodeDefinition.of(SOURCE, parameters);
  }
}
