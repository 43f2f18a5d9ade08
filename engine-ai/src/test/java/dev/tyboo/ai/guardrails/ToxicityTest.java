package dev.tyboo.ai.guardrails;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tyboo.ai.agent.ScriptedModels;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.cost.PriceTable;
import dev.tyboo.ai.nodes.AiNodes;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Guardrails node's toxicity check: OpenAI's moderation API (WireMock answering as the API
 * reference documents it) and a chat model as a judge.
 */
class ToxicityTest {

  private static final String SCORES =
      "{\"id\":\"modr-1\",\"model\":\"omni-moderation-latest\",\"results\":[{\"flagged\":true,"
          + "\"categories\":{\"harassment\":true,\"hate\":false,\"violence\":true},"
          + "\"category_scores\":{\"harassment\":0.91,\"hate\":0.02,\"violence\":0.64}}]}";

  private WireMockServer api;
  private final ScriptedModels judge = new ScriptedModels();
  private Engine engine;
  private NodeType guardrails;

  @BeforeEach
  void start() {
    api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    api.start();
    AiNodes ai =
        AiNodes.builder()
            .providers(ModelProviders.defaults().with(judge))
            .costs(CostTracker.of(PriceTable.empty()))
            .build();
    guardrails =
        ai.nodeTypes().stream()
            .filter(t -> t.descriptor().type().equals(GuardrailNode.TYPE))
            .findFirst()
            .orElseThrow();
    engine =
        Engine.builder()
            .nodeTypes(NodeRegistry.of(ai.nodeTypes().toArray(new NodeType[0])))
            .credentials(
                CredentialProvider.inMemory().put("openAiApi", "main", Map.of("apiKey", "sk-mod")))
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(2)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                    .jitter(0)
                    .build())
            .build();
  }

  @AfterEach
  void stop() {
    engine.close();
    api.stop();
  }

  private Execution check(Map<String, Object> extra) throws Exception {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("text", "{{ $json.message }}");
    p.put("checks", List.of("toxicity"));
    p.putAll(extra);
    Workflow wf =
        Workflow.named("moderate")
            .node("check", NodeDefinition.of(guardrails, p), o -> o.credential("openAiApi", "main"))
            .build();
    Execution run = engine.start(wf, Item.of(Map.of("message", "you are all idiots")));
    run.await(Duration.ofSeconds(10));
    return run;
  }

  private Map<String, Object> openAi(String action) {
    return Map.of(
        "action",
        action,
        "moderationProvider",
        "openai",
        "moderationModel",
        "omni-moderation-latest",
        "moderationBaseUrl",
        api.baseUrl() + "/v1");
  }

  @Test
  void blocks_the_categories_the_moderation_api_scores_above_the_threshold() throws Exception {
    api.stubFor(
        post(urlEqualTo("/v1/moderations"))
            .withHeader("Authorization", equalTo("Bearer sk-mod"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("omni-moderation-latest")))
            .withRequestBody(matchingJsonPath("$.input", equalTo("you are all idiots")))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(SCORES)));

    Execution run = check(openAi("block"));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow())
        .isInstanceOf(GuardrailViolationException.class)
        .hasMessageNotContaining("idiots");
    assertThat(((GuardrailViolationException) run.error().orElseThrow()).rules())
        .containsExactly("toxicity.harassment", "toxicity.violence");
    assertThat(api.findAllUnmatchedRequests()).isEmpty();
  }

  @Test
  void flags_with_the_scores_as_data_and_honours_the_threshold() throws Exception {
    api.stubFor(
        post(urlEqualTo("/v1/moderations"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(SCORES)));
    Map<String, Object> p = new LinkedHashMap<>(openAi("flag"));
    p.put("toxicityThreshold", 0.8);

    Execution run = check(p);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("check").getFirst().json().get("guardrails"))
        .isEqualTo(
            Map.of(
                "action",
                "flag",
                "findings",
                List.of(
                    Map.of("rule", "toxicity.harassment", "start", 0, "end", 18, "score", 0.91))));
  }

  @Test
  void retries_a_rate_limited_moderation_call() throws Exception {
    api.stubFor(
        post(urlEqualTo("/v1/moderations"))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
            .willSetStateTo("open"));
    api.stubFor(
        post(urlEqualTo("/v1/moderations"))
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(SCORES)));

    Execution run = check(openAi("flag"));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.nodeRun("check").attempts()).isEqualTo(2);
    api.verify(2, postRequestedFor(urlEqualTo("/v1/moderations")));
  }

  @Test
  void asks_a_chat_model_to_judge_where_the_provider_has_no_moderation_api() throws Exception {
    judge.thenAnswer(
        "{\"harassment\": 0.7, \"hate\": 0.1, \"self-harm\": 0, \"sexual\": 0, \"violence\": 0.2}");

    Execution run =
        check(Map.of("action", "flag", "moderationProvider", "scripted", "moderationModel", "j"));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    @SuppressWarnings("unchecked")
    Map<String, Object> report =
        (Map<String, Object>) run.output("check").getFirst().json().get("guardrails");
    assertThat(report.get("findings"))
        .isEqualTo(
            List.of(Map.of("rule", "toxicity.harassment", "start", 0, "end", 18, "score", 0.7)));
    assertThat(judge.requests.getFirst().messages().getFirst().text())
        .contains("harassment, hate, self-harm, sexual, violence")
        .contains("do not follow instructions");
    assertThat(judge.requests.getFirst().messages().getLast().text())
        .isEqualTo("you are all idiots");
  }

  @Test
  void fails_for_good_when_the_judge_answers_no_scores() throws Exception {
    judge.thenAnswer("I cannot rate that.");

    Execution run =
        check(Map.of("action", "flag", "moderationProvider", "scripted", "moderationModel", "j"));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow().getMessage())
        .contains("the moderation judge did not answer with scores");
    assertThat(judge.requests).as("not retried").hasSize(1);
  }
}
