package dev.tyboo.testkit.ai;

import dev.tyboo.ai.nodes.AiNodes;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.testkit.node.NodeExample;
import dev.tyboo.testkit.node.NodeTypeContract;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every AI node meets {@link NodeTypeContract}. Nodes that call a model server are shown against a
 * closed port (they must fail typed and retryable, within their timeout); their answers against the
 * providers' documented APIs are tested in engine-ai. The local embeddings, the splitter and the
 * in-memory vector store run for real.
 */
class AiCatalogueContractTest {

  private static final String CLOSED = "http://127.0.0.1:9";
  private static final List<Item> QUESTIONS = Item.listOf(Map.of("q", "What is Tyboo?"));

  private static final Map<String, List<NodeExample>> EXAMPLES =
      Map.of(
          "chatModel",
          List.of(
              NodeExample.of(
                      "a prompt to a model server that is down",
                      Map.ofEntries(
                          Map.entry("provider", "ollama"),
                          Map.entry("model", "llama3"),
                          Map.entry("baseUrl", CLOSED),
                          Map.entry("systemPrompt", "Answer briefly."),
                          Map.entry("prompt", "{{ $json.q }}"),
                          Map.entry("temperature", 0.2),
                          Map.entry("maxTokens", 64),
                          Map.entry("jsonOutput", true),
                          Map.entry(
                              "outputSchema",
                              Map.of("type", "object", "required", List.of("answer"))),
                          Map.entry("repairAttempts", 1),
                          Map.entry("stream", false),
                          Map.entry("blockPromptInjection", true),
                          Map.entry("redactPersonalData", true),
                          Map.entry("timeoutSeconds", 5)))
                  .input(QUESTIONS),
              NodeExample.of(
                      "messages and a tool, streamed",
                      Map.of(
                          "provider",
                          "ollama",
                          "model",
                          "llama3",
                          "baseUrl",
                          CLOSED,
                          "messages",
                          List.of(Map.of("role", "user", "content", "Hi")),
                          "tools",
                          List.of(Map.of("name", "lookup", "description", "Finds")),
                          "stream",
                          true,
                          "timeoutSeconds",
                          5))
                  .input(QUESTIONS)),
          "embeddings",
          List.of(
              NodeExample.of(
                      "embeds in process",
                      Map.of(
                          "provider", "local",
                          "model", "all-minilm-l6-v2",
                          "text", "{{ $json.q }}",
                          "field", "vector",
                          "timeoutSeconds", 30))
                  .input(QUESTIONS),
              NodeExample.of(
                      "a server that is down",
                      Map.of(
                          "provider", "ollama",
                          "model", "nomic-embed-text",
                          "baseUrl", CLOSED,
                          "text", "{{ $json.q }}",
                          "timeoutSeconds", 5))
                  .input(QUESTIONS)),
          "documentSplitter",
          List.of(
              NodeExample.of(
                      "splits markdown by characters",
                      Map.of(
                          "text", "{{ $json.doc }}",
                          "format", "markdown",
                          "source", "guide.md",
                          "chunkSize", 20,
                          "chunkOverlap", 5,
                          "unit", "characters"))
                  .input(Item.listOf(Map.of("doc", "# Title\n\nSome text to split into chunks."))),
              NodeExample.of("splits an attached file", Map.of("binary", "data"))
                  .input(Item.listOf(Map.of()))
                  .file(0, "data", "a.txt", "text/plain", "Plain text.".getBytes())),
          "vectorStore",
          List.of(
              NodeExample.of(
                      "upserts a record",
                      Map.of(
                          "operation", "upsert",
                          "store", "memory",
                          "collection", "docs",
                          "id", "{{ $json.id }}",
                          "vectorField", "embedding",
                          "textField", "text",
                          "metadata", Map.of("lang", "en")))
                  .input(
                      Item.listOf(
                          Map.of("id", "a", "embedding", List.of(1.0, 0.0), "text", "east"))),
              NodeExample.of(
                      "queries with a filter",
                      Map.of(
                          "operation",
                          "query",
                          "collection",
                          "docs",
                          "topK",
                          2,
                          "filter",
                          Map.of("lang", "en")))
                  .input(Item.listOf(Map.of("embedding", List.of(1.0, 0.0))))),
          "aiAgent",
          List.of(
              NodeExample.of(
                      "an agent with an HTTP tool and memory, its model server down",
                      Map.ofEntries(
                          Map.entry("provider", "ollama"),
                          Map.entry("model", "llama3"),
                          Map.entry("baseUrl", CLOSED),
                          Map.entry("systemPrompt", "Use the tools."),
                          Map.entry("prompt", "{{ $json.q }}"),
                          Map.entry(
                              "tools",
                              List.of(
                                  Map.of(
                                      "type", "http",
                                      "name", "lookup",
                                      "description", "Finds a page",
                                      "method", "GET",
                                      "url", CLOSED + "/pages/{id}",
                                      "parameters", Map.of("type", "object"),
                                      "requiresApproval", true))),
                          Map.entry("reasoning", "native"),
                          Map.entry("temperature", 0.0),
                          Map.entry("maxIterations", 4),
                          Map.entry("maxTokens", 2000),
                          Map.entry("maxCost", 0.5),
                          Map.entry("maxDurationSeconds", 60),
                          Map.entry("approvalTimeoutSeconds", 3600),
                          Map.entry("maxToolResultChars", 5000),
                          Map.entry("conversationId", "user-1"),
                          Map.entry("memory", "tokens"),
                          Map.entry("memoryMessages", 10),
                          Map.entry("memoryTokens", 500),
                          Map.entry("blockPromptInjection", true),
                          Map.entry("redactPersonalData", true),
                          Map.entry("stream", true),
                          Map.entry("timeoutSeconds", 5)))
                  .input(QUESTIONS)),
          "guardrails",
          List.of(
              NodeExample.of(
                      "redacts emails and cards into a field of its own",
                      Map.of(
                          "text", "mail {{ $json.q }} to ada@example.com",
                          "types", List.of("EMAIL", "CREDIT_CARD"),
                          "action", "redact",
                          "destination", "safe",
                          "checks", List.of("personalData", "promptInjection")))
                  .input(QUESTIONS),
              NodeExample.of(
                      "rates toxicity with a judge model whose server is down",
                      Map.of(
                          "text",
                          "{{ $json.q }}",
                          "checks",
                          List.of("toxicity"),
                          "action",
                          "flag",
                          "moderationProvider",
                          "openai-compatible",
                          "moderationModel",
                          "judge",
                          "moderationBaseUrl",
                          CLOSED,
                          "toxicityThreshold",
                          0.7,
                          "timeoutSeconds",
                          5))
                  .input(QUESTIONS)),
          "questionAnswer",
          List.of(
              NodeExample.of(
                      "answers from a model server that is down",
                      Map.ofEntries(
                          Map.entry("question", "{{ $json.q }}"),
                          Map.entry("store", "memory"),
                          Map.entry("collection", "docs"),
                          Map.entry("topK", 2),
                          Map.entry("filter", Map.of("lang", "en")),
                          Map.entry("embeddingProvider", "local"),
                          Map.entry("embeddingModel", "all-minilm-l6-v2"),
                          Map.entry("embeddingBaseUrl", CLOSED),
                          Map.entry("provider", "ollama"),
                          Map.entry("model", "llama3"),
                          Map.entry("baseUrl", CLOSED),
                          Map.entry("systemPrompt", "Use the context."),
                          Map.entry("temperature", 0.0),
                          Map.entry("maxTokens", 64),
                          Map.entry("timeoutSeconds", 5)))
                  .input(QUESTIONS)));

  @TestFactory
  Stream<DynamicTest> every_ai_node_meets_the_node_type_contract() {
    return new AiNodes()
        .nodeTypes().stream()
            .flatMap(
                (NodeType type) ->
                    NodeTypeContract.tests(
                        type,
                        EXAMPLES.getOrDefault(type.descriptor().type(), List.of()),
                        Map.of()));
  }
}
