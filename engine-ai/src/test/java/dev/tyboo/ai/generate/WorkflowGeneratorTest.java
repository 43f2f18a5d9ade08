package dev.tyboo.ai.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.engine.Engine;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generator with a scripted model: a broken first answer, its problems sent back with their
 * paths, a fixed second answer; and a model that never gets it right.
 */
class WorkflowGeneratorTest {

  private static final NodeType TRIGGER =
      NodeType.of(
          NodeDescriptor.builder("hourlyTrigger")
              .description("Starts the workflow every hour")
              .inputs()
              .build(),
          ctx -> NodeResult.of(ctx.input()));
  private static final NodeType FETCH =
      NodeType.of(
          NodeDescriptor.builder("fetchUrl")
              .description("Fetches a URL as JSON")
              .property(PropertySpec.string("url").required())
              .build(),
          ctx -> NodeResult.of(ctx.input()));
  private static final NodeType POST =
      NodeType.of(
          NodeDescriptor.builder("postMessage")
              .description("Posts a message to a chat channel")
              .property(PropertySpec.string("channel").required())
              .property(PropertySpec.string("text").required())
              .build(),
          ctx -> NodeResult.of(ctx.input()));

  private final Engine engine =
      Engine.builder().nodeType(TRIGGER).nodeType(FETCH).nodeType(POST).build();
  private final List<ChatRequest> asked = new ArrayList<>();

  @AfterEach
  void close() {
    engine.close();
  }

  private ChatModel scripted(String... answers) {
    Deque<String> queue = new ArrayDeque<>(List.of(answers));
    return request -> {
      asked.add(request);
      String text = queue.size() > 1 ? queue.poll() : queue.peek();
      return new ChatResult(text, List.of(), new TokenUsage(10, 10), "stop", "scripted");
    };
  }

  private static final String BROKEN =
      """
      ```json
      {"name": "orders-to-chat",
       "nodes": [{"id": "every", "type": "hourlyTrigger"},
                 {"id": "fetch", "type": "fetchUrll", "parameters": {"url": "https://shop.example/orders"}},
                 {"id": "post", "type": "postMessage", "parameters": {"channel": "#orders"}}],
       "connections": [{"from": "every", "to": "fetch"}, {"from": "fetch", "to": "posst"}]}
      ```""";

  private static final String FIXED =
      """
      {"name": "orders-to-chat",
       "nodes": [{"id": "every", "type": "hourlyTrigger"},
                 {"id": "fetch", "type": "fetchUrl", "parameters": {"url": "https://shop.example/orders"}},
                 {"id": "post", "type": "postMessage",
                  "parameters": {"channel": "#orders", "text": "{{ $json.total }}"}}],
       "connections": [{"from": "every", "to": "fetch"}, {"from": "fetch", "to": "post"}]}""";

  @Test
  void a_broken_answer_gets_its_problems_back_and_the_fixed_one_is_returned_valid() {
    WorkflowGenerator generator =
        WorkflowGenerator.builder(scripted(BROKEN, FIXED), engine).build();

    WorkflowGeneration g =
        generator.generate("Every hour fetch the orders and post the total to #orders");

    assertThat(g.succeeded()).as("%s", g.problems()).isTrue();
    assertThat(g.rounds()).isEqualTo(2);
    assertThat(g.validWorkflow().orElseThrow().nodes()).hasSize(3);
    assertThat(asked).hasSize(2);
    ChatRequest first = asked.getFirst();
    assertThat(first.jsonOutput()).isTrue();
    assertThat(first.messages().getFirst().text())
        .contains(
            "\"type\":\"fetchUrl\"", "\"required\":[\"url\"]", "Starts the workflow every hour");
    List<ChatMessage> second = asked.get(1).messages();
    String feedback = second.getLast().text();
    assertThat(feedback)
        .contains("fetchUrll")
        .contains("did you mean 'fetchUrl'?")
        .contains("posst")
        .contains("text");
    assertThat(second.get(second.size() - 2).text())
        .as("the broken answer, unfenced")
        .startsWith("{");
  }

  @Test
  void a_model_that_never_gets_it_right_leaves_the_remaining_problems_after_max_rounds() {
    WorkflowGenerator generator =
        WorkflowGenerator.builder(scripted(BROKEN), engine).maxRounds(2).build();
    WorkflowGeneration g = generator.generate("anything");
    assertThat(g.succeeded()).isFalse();
    assertThat(g.rounds()).isEqualTo(2);
    assertThat(g.problems()).isNotEmpty().anySatisfy(p -> assertThat(p).contains("fetchUrll"));
    assertThat(asked).hasSize(2);

    WorkflowGeneration prose =
        WorkflowGenerator.builder(scripted("I cannot help with that."), engine)
            .maxRounds(1)
            .build()
            .generate("anything");
    assertThat(prose.succeeded()).isFalse();
    assertThat(prose.problems()).isNotEmpty();
  }

  @Test
  void the_catalogue_can_be_limited_to_some_node_types() {
    WorkflowGenerator generator =
        WorkflowGenerator.builder(scripted(FIXED), engine)
            .nodeTypes(Set.of("hourlyTrigger", "postMessage"))
            .build();
    assertThat(generator.systemPrompt()).contains("postMessage").doesNotContain("fetchUrl");
  }
}
