package dev.tyboo.ai.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.engine.Engine;
import dev.tyboo.node.NodeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluation set is sound (at least 20 prompts, every expected node type in the real catalogue)
 * and the score means what it says, checked with answers written by hand. The score of a real model
 * is not measured in CI: none runs here ({@link GenerationEvaluation#main}).
 */
class GenerationEvaluationTest {

  @Test
  void the_set_has_twenty_prompts_whose_node_types_all_exist() throws Exception {
    List<GenerationEvaluation.Case> cases = GenerationEvaluation.cases();
    NodeRegistry catalogue = GenerationEvaluation.catalogue();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
    for (GenerationEvaluation.Case c : cases) {
      assertThat(c.nodes())
          .as(c.prompt())
          .allSatisfy(t -> assertThat(catalogue.latest(t)).as(t).isPresent());
      assertThat(c.expectedConnections()).as(c.prompt()).isNotEmpty();
    }
  }

  @Test
  void a_right_answer_scores_one_a_partial_one_less_an_invalid_one_zero() throws Exception {
    GenerationEvaluation.Case rss = GenerationEvaluation.cases().getFirst();
    String right =
        """
        {"name": "blog-to-slack",
         "nodes": [{"id": "daily", "type": "scheduleTrigger", "parameters": {"cron": "0 8 * * *"}},
                   {"id": "feed", "type": "rssRead", "parameters": {"url": "https://blog.example/feed"}},
                   {"id": "post", "type": "slack", "parameters": {"operation": "postMessage",
                    "channel": "#news", "text": "{{ $json.title }} {{ $json.link }}"},
                    "credentials": {"slackApi": "team"}}],
         "connections": [{"from": "daily", "to": "feed"}, {"from": "feed", "to": "post"}]}""";
    String partial = right.replace("\"type\": \"rssRead\"", "\"type\": \"httpRequest\"");
    try (Engine engine = Engine.builder().nodeTypes(GenerationEvaluation.catalogue()).build()) {
      assertThat(GenerationEvaluation.score(rss, generate(engine, right))).isEqualTo(1.0);
      // httpRequest instead of rssRead: 2 of 3 node types, no expected connection
      assertThat(GenerationEvaluation.score(rss, generate(engine, partial)))
          .isEqualTo((2.0 / 3 + 0) / 2);
      assertThat(GenerationEvaluation.score(rss, generate(engine, "{}"))).isZero();
    }
  }

  private static WorkflowGeneration generate(Engine engine, String answer) {
    return WorkflowGenerator.builder(
            request -> new ChatResult(answer, List.of(), new TokenUsage(1, 1), "stop", "hand"),
            engine)
        .maxRounds(1)
        .build()
        .generate("anything");
  }
}
