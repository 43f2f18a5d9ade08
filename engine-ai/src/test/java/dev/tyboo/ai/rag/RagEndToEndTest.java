package dev.tyboo.ai.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.cost.PriceTable;
import dev.tyboo.ai.nodes.AiNodes;
import dev.tyboo.ai.providers.FakeModelApis;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retrieval-augmented generation over a small bundled corpus (markdown, HTML, text): load and
 * split, embed in process (all-MiniLM-L6-v2), upsert into the in-memory store; then answer a
 * question from the nearest chunks with a chat model (the fake OpenAI API), citing numbered
 * sources.
 */
class RagEndToEndTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = RagEndToEndTest.class.getResourceAsStream("/rag/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void answers_from_the_nearest_chunks_and_cites_them() throws Exception {
    try (FakeModelApis api = new FakeModelApis()) {
      AiNodes ai = AiNodes.create(ModelProviders.defaults(), CostTracker.of(PriceTable.empty()));
      try (Engine engine =
          Engine.builder()
              .nodeTypes(NodeRegistry.of(ai.nodeTypes().toArray(NodeType[]::new)))
              .credentials(
                  CredentialProvider.inMemory()
                      .put("openAiApi", "main", Map.of("apiKey", FakeModelApis.KEY)))
              .build()) {
        Workflow ingest =
            WorkflowJson.read(
                """
                {"name": "ingest", "nodes": [
                  {"id": "split", "type": "documentSplitter", "parameters": {
                    "text": "{{ $json.content }}", "format": "{{ $json.format }}",
                    "source": "{{ $json.file }}", "chunkSize": 200, "chunkOverlap": 40}},
                  {"id": "embed", "type": "embeddings", "parameters": {
                    "provider": "local", "model": "all-minilm-l6-v2", "text": "{{ $json.text }}"}},
                  {"id": "store", "type": "vectorStore", "parameters": {
                    "operation": "upsert", "collection": "kb"}}],
                 "connections": [{"from": "split", "to": "embed"}, {"from": "embed", "to": "store"}]}
                """,
                engine.nodeTypes());
        Execution loaded =
            engine.run(
                ingest,
                List.of(
                    Item.of(
                        Map.of(
                            "file",
                            "returns.md",
                            "format",
                            "markdown",
                            "content",
                            resource("returns.md"))),
                    Item.of(
                        Map.of(
                            "file",
                            "shipping.html",
                            "format",
                            "html",
                            "content",
                            resource("shipping.html"))),
                    Item.of(
                        Map.of(
                            "file",
                            "warranty.txt",
                            "format",
                            "text",
                            "content",
                            resource("warranty.txt")))));
        assertThat(loaded.status())
            .as(String.valueOf(loaded.error()))
            .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(loaded.output("store").size()).isGreaterThanOrEqualTo(3);
        assertThat(loaded.output("split").toString())
            .doesNotContain("<p>")
            .doesNotContain("track()");

        Workflow ask =
            WorkflowJson.read(
                """
                {"name": "ask", "nodes": [
                  {"id": "qa", "type": "questionAnswer", "credentials": {"openAiApi": "main"},
                   "parameters": {
                    "question": "{{ $json.question }}", "collection": "kb", "topK": 2,
                    "embeddingProvider": "local", "embeddingModel": "all-minilm-l6-v2",
                    "provider": "openai", "model": "gpt-test", "baseUrl": "%s"}}]}
                """
                    .formatted(api.baseUrl("openai")),
                engine.nodeTypes());
        Execution answered =
            engine.run(
                ask, Item.listOf(Map.of("question", "How many days do I have to return an item?")));

        assertThat(answered.status())
            .as(String.valueOf(answered.error()))
            .isEqualTo(ExecutionStatus.SUCCEEDED);
        Map<String, Object> out = answered.output("qa").getFirst().json();
        assertThat(out).containsEntry("answer", "Hello!");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sources = (List<Map<String, Object>>) out.get("sources");
        assertThat(sources).hasSize(2);
        assertThat(sources.getFirst()).containsEntry("n", 1);
        assertThat(((Map<?, ?>) sources.getFirst().get("metadata")).get("source"))
            .isEqualTo("returns.md");
        assertThat((String) sources.getFirst().get("text")).contains("30 days");
        String prompt = api.requests.getLast().toString();
        assertThat(prompt)
            .contains("[1] (returns.md)")
            .contains("30 days")
            .contains("Question: How many days do I have to return an item?")
            .contains("Cite the sources");
        assertThat(api.violations).isEmpty();
      }
    }
  }
}
