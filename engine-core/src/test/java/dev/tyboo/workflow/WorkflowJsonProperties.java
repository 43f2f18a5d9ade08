package dev.tyboo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.testing.TestNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading any document either yields a workflow or a {@link WorkflowValidationException}: never
 * another exception, never a hang. Documents are random JSON, random text, and valid workflows with
 * random mutations.
 */
class WorkflowJsonProperties {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final NodeRegistry REGISTRY = TestNodes.registry();
  private static final String VALID =
      """
      {"name": "orders", "description": "d",
       "settings": {"nodeTimeout": "PT5S", "maxConcurrentExecutions": 2,
                    "retry": {"maxAttempts": 3, "initialDelay": "PT1S", "multiplier": 2.0, "maxDelay": "PT10S",
                              "jitter": 0.1, "retryOn": ["dev.tyboo.error.RetryableNodeException"], "abortOn": []}},
       "nodes": [
         {"id": "src", "type": "test.source", "version": 1, "parameters": {"count": 2, "mode": "fast",
                                                                            "options": {"label": "x", "verbose": true}}},
         {"id": "route", "type": "test.route", "parameters": {"condition": "{{ $json.n > 0 }}"}, "continueOnFail": true},
         {"id": "set", "type": "test.set", "parameters": {"field": "f", "value": {"a": [1, "{{ $json.n }}"]}},
          "timeout": "PT1S"},
         {"id": "other", "type": "test.set", "parameters": {"field": "g", "value": null}}
       ],
       "connections": [{"from": "src", "to": "route"}, {"from": "route", "output": "true", "to": "set"},
                       {"from": "route", "output": "error", "to": "other", "input": "main"}]}
      """;

  /** The seed of this run: {@code -Dtyboo.seed=N} repeats a run; printed so a failure can be. */
  private static final long SEED = Long.getLong("tyboo.seed", System.nanoTime());

  private final Map<String, Integer> outcomes = new HashMap<>();

  @BeforeAll
  static void printSeed() {
    System.out.println("WorkflowJsonProperties seed: " + SEED + " (-Dtyboo.seed=" + SEED + ")");
  }

  private void assertLoadsOrFailsTyped(String json, long seed) {
    String outcome =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> {
              try {
                Workflow wf = WorkflowJson.read(json, REGISTRY);
                // whatever loads must write and read back to itself
                assertThat(WorkflowJson.read(WorkflowJson.write(wf), REGISTRY)).isEqualTo(wf);
                return "loaded";
              } catch (WorkflowValidationException expected) {
                assertThat(expected.problems()).isNotEmpty();
                assertThat(expected.getMessage()).isNotBlank();
                return "invalid";
              } catch (RuntimeException | Error e) {
                throw new AssertionError(
                    "document of seed " + seed + " failed untyped: " + json, e);
              }
            });
    outcomes.merge(outcome, 1, Integer::sum);
  }

  @Test
  void valid_documents_with_random_mutations_load_or_fail_typed() {
    Random seeds = new Random(SEED);
    for (int i = 0; i < 1500; i++) {
      long seed = seeds.nextLong();
      assertLoadsOrFailsTyped(mutated(new Random(seed)), seed);
    }
    // the mutations must exercise both outcomes, or the test proves little
    assertThat(outcomes).containsKeys("loaded", "invalid");
  }

  @Test
  void random_json_loads_or_fails_typed() {
    Random seeds = new Random(SEED + 1);
    for (int i = 0; i < 1500; i++) {
      long seed = seeds.nextLong();
      assertLoadsOrFailsTyped(randomValue(new Random(seed), 0).toString(), seed);
    }
  }

  @Test
  void random_text_and_truncations_fail_typed() {
    Random seeds = new Random(SEED + 2);
    for (int i = 0; i < 1000; i++) {
      long seed = seeds.nextLong();
      assertLoadsOrFailsTyped(brokenText(new Random(seed)), seed);
    }
  }

  @Test
  void the_unmutated_document_loads() {
    assertThat(WorkflowJson.read(VALID, REGISTRY).nodes()).hasSize(4);
  }

  private static String mutated(Random random) {
    JsonNode doc = readValid();
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      mutate(doc, random);
    }
    return doc.toString();
  }

  private static String brokenText(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> VALID.substring(0, random.nextInt(VALID.length() + 1));
      case 1 -> {
        StringBuilder noise = new StringBuilder();
        int n = random.nextInt(201);
        for (int i = 0; i < n; i++) {
          noise.append(
              (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        yield noise.toString();
      }
      case 2 -> {
        int n = 1 + random.nextInt(5_000);
        yield "[".repeat(n) + "]".repeat(n);
      }
      default -> {
        int n = 1 + random.nextInt(3_000);
        yield "{\"name\":\"w\",\"nodes\":[{\"id\":\"a\",\"type\":\"test.set\",\"parameters\":{\"field\":\"f\",\"value\":"
            + "{\"x\":".repeat(n)
            + "1"
            + "}".repeat(n)
            + "}}]}";
      }
    };
  }

  private static JsonNode readValid() {
    try {
      return MAPPER.readTree(VALID);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Applies one random change somewhere in the tree. */
  private static void mutate(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    if (target instanceof ObjectNode object) {
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      String field = fields.isEmpty() ? "x" : fields.get(random.nextInt(fields.size()));
      switch (random.nextInt(5)) {
        case 0 -> object.remove(field);
        case 1 -> object.set(field, randomValue(random, 2));
        case 2 -> object.set(field + (char) ('a' + random.nextInt(26)), object.get(field));
        case 3 -> object.put(field, interesting(random));
        default -> object.set(field, object.deepCopy());
      }
    } else if (target instanceof ArrayNode array) {
      switch (random.nextInt(4)) {
        case 0 -> {
          if (!array.isEmpty()) {
            array.remove(random.nextInt(array.size()));
          }
        }
        case 1 -> array.add(randomValue(random, 2));
        case 2 -> {
          if (!array.isEmpty()) {
            array.add(array.get(random.nextInt(array.size())).deepCopy());
          }
        }
        default -> array.insert(0, interesting(random));
      }
    }
  }

  private static String interesting(Random random) {
    String[] values = {
      "",
      " ",
      "src",
      "route",
      "set",
      "other",
      "main",
      "true",
      "error",
      "test.set",
      "test.route",
      "{{",
      "{{ }}",
      "{{ $json. }}",
      "{{ $json.a }}",
      "PT0S",
      "P-1D",
      "PT1H",
      "-1",
      "\u0000",
      "dev.tyboo.error.IOFailure",
      "java.lang.Object",
      "java.lang.Runtime",
      "a".repeat(300),
      "{{ ''.getClass() }}",
      "{{ while(true){} }}"
    };
    return values[random.nextInt(values.length)];
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }

  private static JsonNode randomValue(Random random, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int kind = depth > 4 ? random.nextInt(6) : random.nextInt(8);
    return switch (kind) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextInt(2_000_001) - 1_000_000);
      case 3 -> f.numberNode(random.nextDouble() * 1e6);
      case 4 -> f.textNode(interesting(random));
      case 5 -> f.numberNode(random.nextLong());
      case 6 -> {
        ObjectNode o = f.objectNode();
        String[] keys = {
          "name",
          "nodes",
          "connections",
          "settings",
          "id",
          "type",
          "version",
          "parameters",
          "from",
          "to",
          "output",
          "input",
          "retry",
          "timeout",
          "continueOnFail",
          "count",
          "field",
          "value",
          "condition",
          "z"
        };
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          o.set(keys[random.nextInt(keys.length)], randomValue(random, depth + 1));
        }
        yield o;
      }
      default -> {
        ArrayNode a = f.arrayNode();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          a.add(randomValue(random, depth + 1));
        }
        yield a;
      }
    };
  }
}
