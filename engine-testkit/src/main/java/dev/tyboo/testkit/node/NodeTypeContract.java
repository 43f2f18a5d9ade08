package dev.tyboo.testkit.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertyCondition;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.node.PropertyType;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * What every node type must do, whoever wrote it. A node type's test extends this class, hands it
 * the type and examples of its use, and inherits the checks:
 *
 * <ul>
 *   <li>the descriptor is stable and its parameter schema well formed (types, defaults and allowed
 *       values agree, required names and conditions name parameters that exist);
 *   <li>the examples together set every parameter the descriptor documents;
 *   <li>each example runs within a bound (a node that blocks without a timeout fails), gives its
 *       expected items, and fails, if it fails, with a typed error rather than a stray {@code
 *       NullPointerException} or {@code ClassCastException};
 *   <li>a literal value of the wrong type and an unknown parameter are reported before the run,
 *       with their paths;
 *   <li>each example's node survives a round trip through workflow JSON.
 * </ul>
 *
 * <pre>{@code
 * class UppercaseTest extends NodeTypeContract {
 *   protected NodeType nodeType() { return Uppercase.TYPE; }
 *   protected List<NodeExample> examples() {
 *     return List.of(NodeExample.of("upper-cases a field", Map.of("field", "name"))
 *         .input(Item.listOf(Map.of("name", "ada")))
 *         .expect("main", Item.listOf(Map.of("name", "ADA"))));
 *   }
 * }
 * }</pre>
 */
public abstract class NodeTypeContract {

  private static final ObjectMapper JSON = JsonMappers.standard();

  /** For subclasses, which supply the node type under test. */
  protected NodeTypeContract() {}

  /** {@return the node type under test} */
  protected abstract NodeType nodeType();

  /** {@return examples of the node's use; together they set every documented parameter} */
  protected abstract List<NodeExample> examples();

  /**
   * {@return the parameters no example sets, each with the reason (a parameter that needs a server
   * the test does not have, ...)}; none by default}
   */
  protected Map<String, String> parametersNotExercised() {
    return Map.of();
  }

  /**
   * {@return a kit for one example, to adjust (deploy workflows, add node types) before it runs}
   *
   * @param example the example
   */
  protected NodeTestKit kit(NodeExample example) {
    return example.kit(nodeType());
  }

  @Test
  void descriptor_is_the_same_instance_on_every_call() {
    assertThat(nodeType().descriptor()).isSameAs(nodeType().descriptor());
  }

  @Test
  void descriptor_publishes_a_well_formed_parameter_schema() throws Exception {
    NodeDescriptor d = nodeType().descriptor();
    assertThat(d.displayName()).as("display name").isNotBlank();
    checkFields(d.type(), "", d.properties());
    Map<String, Object> schema = d.parameterSchema();
    assertThat(schema).containsEntry("type", "object").containsKey("properties");
    Map<?, ?> read = JSON.readValue(JSON.writeValueAsString(schema), Map.class); // plain JSON
    List<Object> properties = new ArrayList<>(((Map<?, ?>) read.get("properties")).keySet());
    assertThat(properties)
        .as("schema properties")
        .containsExactlyElementsOf(d.properties().stream().map(p -> (Object) p.name()).toList());
    if (read.get("required") instanceof List<?> required) {
      assertThat(properties).containsAll(new ArrayList<Object>(required));
    }
  }

  private static void checkFields(String type, String prefix, List<PropertySpec> fields) {
    Set<String> names = new LinkedHashSet<>();
    fields.forEach(f -> names.add(f.name()));
    for (PropertySpec f : fields) {
      String where = type + ": parameter '" + prefix + f.name() + "'";
      if (f.defaultValue() != null) {
        assertThat(f.type().accepts(f.defaultValue())).as(where + " default").isTrue();
        if (!f.options().isEmpty()) {
          assertThat(f.options())
              .as(where + " default among its values")
              .contains(f.defaultValue());
        }
      }
      for (Object option : f.options()) {
        assertThat(f.type().accepts(option)).as(where + " allowed value " + option).isTrue();
      }
      for (PropertyCondition c : new PropertyCondition[] {f.requiredWhen(), f.shownWhen()}) {
        if (c != null) {
          assertThat(names).as(where + " condition").contains(c.parameter());
        }
      }
      checkFields(type, prefix + f.name() + ".", f.properties());
    }
  }

  @Test
  void examples_set_every_documented_parameter() {
    Set<String> set = new TreeSet<>();
    examples().forEach(e -> set.addAll(e.parameters().keySet()));
    Set<String> missing = new TreeSet<>();
    for (PropertySpec p : nodeType().descriptor().properties()) {
      if (!set.contains(p.name()) && !parametersNotExercised().containsKey(p.name())) {
        missing.add(p.name());
      }
    }
    assertThat(examples()).as("examples").isNotEmpty();
    assertThat(missing)
        .as("parameters no example sets (or parametersNotExercised explains)")
        .isEmpty();
  }

  @Test
  void examples_run_to_their_expected_items_or_fail_with_a_typed_error() {
    for (NodeExample example : examples()) {
      NodeTestResult result = kit(example).run();
      if (result.failure().isPresent()) {
        NodeExecutionException error = result.failure().get();
        assertThat(error.getCause() == null ? new Object() : error.getCause())
            .as("%s: failed with a stray exception: %s", example.name(), error.getMessage())
            .isNotInstanceOfAny(
                NullPointerException.class,
                ClassCastException.class,
                IndexOutOfBoundsException.class,
                ArithmeticException.class,
                UnsupportedOperationException.class);
        assertThat(example.expected())
            .as("%s: expected items, but failed: %s", example.name(), error.getMessage())
            .isNull();
        continue;
      }
      if (example.expected() != null) {
        assertThat(json(result.outputs()))
            .as("%s: outputs", example.name())
            .isEqualTo(json(example.expected()));
      }
    }
  }

  /** The items per port as a JSON tree, numbers compared by their JSON text. */
  private static com.fasterxml.jackson.databind.JsonNode json(Map<String, List<Item>> ports) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    ports.forEach(
        (port, items) -> {
          if (!items.isEmpty()) {
            out.put(port, items.stream().map(Item::json).toList());
          }
        });
    try {
      return JSON.readTree(JSON.writeValueAsString(out));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_literal_of_the_wrong_type_is_reported_before_the_run_with_its_path() {
    Map<String, Object> base = examples().getFirst().parameters();
    try (Engine engine = Engine.builder().nodeType(nodeType()).build()) {
      for (PropertySpec p : nodeType().descriptor().properties()) {
        Object wrong = wrongValue(p.type());
        if (wrong == null) {
          continue;
        }
        Map<String, Object> params = new LinkedHashMap<>(base);
        params.put(p.name(), wrong);
        assertThatThrownBy(() -> engine.validate(workflow(params)))
            .as("parameter '%s' set to %s", p.name(), wrong)
            .isInstanceOf(WorkflowValidationException.class)
            .hasMessageContaining("$.nodes[0].parameters." + p.name());
      }
    }
  }

  /** A value no parameter of that type accepts, or {@code null} when every value is accepted. */
  private static Object wrongValue(PropertyType type) {
    return switch (type) {
      case ANY -> null;
      case STRING, CODE, DURATION, INSTANT -> List.of(1);
      case NUMBER, INTEGER, BOOLEAN, ARRAY -> Map.of("not", "it");
      case OBJECT, WORKFLOW -> List.of("not", "it");
    };
  }

  @Test
  void an_unknown_parameter_is_reported_before_the_run() {
    Map<String, Object> params = new LinkedHashMap<>(examples().getFirst().parameters());
    params.put("noSuchParameter", 1);
    try (Engine engine = Engine.builder().nodeType(nodeType()).build()) {
      assertThatThrownBy(() -> engine.validate(workflow(params)))
          .isInstanceOf(WorkflowValidationException.class)
          .hasMessageContaining("$.nodes[0].parameters.noSuchParameter");
    }
  }

  @Test
  void examples_survive_a_round_trip_through_workflow_json() {
    NodeRegistry registry = NodeRegistry.of(nodeType());
    List<String> differ = new ArrayList<>();
    for (NodeExample example : examples()) {
      Workflow written = workflow(example.parameters());
      Workflow read = WorkflowJson.read(WorkflowJson.write(written), registry);
      if (!read.nodes().getFirst().parameters().equals(written.nodes().getFirst().parameters())) {
        differ.add(example.name());
      }
    }
    assertThat(differ).as("examples whose parameters change through JSON").isEmpty();
  }

  /**
   * {@return the contract's checks for a node type, as dynamic tests} For a catalogue of many types
   * tested in one class; a single type's test extends the contract instead.
   *
   * @param type the node type
   * @param examples examples of its use
   * @param notExercised parameters no example sets, with the reasons
   */
  public static Stream<DynamicTest> tests(
      NodeType type, List<NodeExample> examples, Map<String, String> notExercised) {
    return tests(type, examples, notExercised, kit -> kit);
  }

  /**
   * {@return the contract's checks for a node type, as dynamic tests}
   *
   * @param type the node type
   * @param examples examples of its use
   * @param notExercised parameters no example sets, with the reasons
   * @param kits adjusts the kit of each example (other node types, deployed workflows)
   */
  public static Stream<DynamicTest> tests(
      NodeType type,
      List<NodeExample> examples,
      Map<String, String> notExercised,
      java.util.function.UnaryOperator<NodeTestKit> kits) {
    NodeTypeContract contract =
        new NodeTypeContract() {
          @Override
          protected NodeType nodeType() {
            return type;
          }

          @Override
          protected List<NodeExample> examples() {
            return examples;
          }

          @Override
          protected Map<String, String> parametersNotExercised() {
            return notExercised;
          }

          @Override
          protected NodeTestKit kit(NodeExample example) {
            return kits.apply(super.kit(example));
          }
        };
    String name = type.descriptor().type() + ": ";
    return Stream.of(
        DynamicTest.dynamicTest(
            name + "stable descriptor", contract::descriptor_is_the_same_instance_on_every_call),
        DynamicTest.dynamicTest(
            name + "well-formed schema",
            contract::descriptor_publishes_a_well_formed_parameter_schema),
        DynamicTest.dynamicTest(
            name + "every parameter exercised", contract::examples_set_every_documented_parameter),
        DynamicTest.dynamicTest(
            name + "examples run, errors typed",
            contract::examples_run_to_their_expected_items_or_fail_with_a_typed_error),
        DynamicTest.dynamicTest(
            name + "wrong literals reported",
            contract::a_literal_of_the_wrong_type_is_reported_before_the_run_with_its_path),
        DynamicTest.dynamicTest(
            name + "unknown parameter reported",
            contract::an_unknown_parameter_is_reported_before_the_run),
        DynamicTest.dynamicTest(
            name + "JSON round trip",
            contract::examples_survive_a_round_trip_through_workflow_json));
  }

  private Workflow workflow(Map<String, Object> parameters) {
    return Workflow.named("contract")
        .node("node", NodeDefinition.of(nodeType(), parameters))
        .build();
  }
}
