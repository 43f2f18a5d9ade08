package dev.tyboo.ai.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.ai.EmbeddingResult;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.cost.PriceTable;
import dev.tyboo.ai.providers.FakeModelApis;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Embeddings node: in process (real all-MiniLM-L6-v2, offline) and through a provider. */
class EmbeddingsNodeTest {

  private static float[] vector(Item item) {
    @SuppressWarnings("unchecked")
    List<Number> v = (List<Number>) item.json().get("embedding");
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i).floatValue();
    }
    return out;
  }

  @Test
  void in_process_embeddings_put_cat_nearer_kitten_than_carburettor() {
    try (Engine engine = Engine.builder().discoverNodeTypes(getClass().getClassLoader()).build()) {
      Workflow wf =
          WorkflowJson.read(
              """
              {"name": "embed", "nodes": [{"id": "embed", "type": "embeddings",
                "parameters": {"provider": "local", "model": "all-minilm-l6-v2",
                               "text": "{{ $json.word }}"}}]}
              """,
              engine.nodeTypes());

      Execution run =
          engine.run(
              wf,
              Item.listOf(
                  Map.of("word", "cat"), Map.of("word", "kitten"), Map.of("word", "carburettor")));

      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      List<Item> out = run.output("embed");
      float[] cat = vector(out.get(0));
      float[] kitten = vector(out.get(1));
      float[] carburettor = vector(out.get(2));
      assertThat(cat).hasSize(384);
      assertThat(out.get(0).json()).containsEntry("word", "cat"); // the item keeps its fields
      assertThat(EmbeddingResult.cosine(cat, kitten))
          .isGreaterThan(EmbeddingResult.cosine(cat, carburettor) + 0.1);
    }
  }

  @Test
  void embeds_all_items_in_one_provider_call_and_prices_it() throws Exception {
    try (FakeModelApis api = new FakeModelApis()) {
      CostTracker costs =
          CostTracker.of(
              PriceTable.builder("USD")
                  .price("openai", "text-embedding-3-small", "0.02", "0")
                  .build());
      AiNodes ai = AiNodes.create(dev.tyboo.ai.providers.ModelProviders.defaults(), costs);
      NodeType embeddings = ai.nodeTypes().get(1);
      try (Engine engine =
          Engine.builder()
              .nodeType(embeddings)
              .credentials(
                  CredentialProvider.inMemory()
                      .put(
                          "openAiApi",
                          "main",
                          Map.of("apiKey", FakeModelApis.KEY, "baseUrl", api.baseUrl("openai"))))
              .build()) {
        Workflow wf =
            Workflow.named("embed")
                .node(
                    "embed",
                    ((EmbeddingsNode) embeddings)
                        .definition("openai", "text-embedding-3-small", "{{ $json.text }}"),
                    o -> o.credential("openAiApi", "main"))
                .build();

        Execution run =
            engine.run(wf, Item.listOf(Map.of("text", "first"), Map.of("text", "second")));

        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(api.requests).hasSize(1);
        assertThat(api.requests.getFirst().get("input").toString())
            .isEqualTo("[\"first\",\"second\"]");
        assertThat(vector(run.output("embed").get(1))).containsExactly(1.5f, 0.25f, -1.0f);
        // 5 tokens x 0.02 / 1,000,000
        assertThat(run.output("embed").getFirst().json().get("cost"))
            .isEqualTo(Map.of("amount", 1.0e-7, "currency", "USD", "priced", true));
        assertThat(api.violations).isEmpty();
      }
    }
  }
}
