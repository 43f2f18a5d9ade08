package dev.tyboo.nodes.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GitHub node against WireMock, which checks each request against GitHub's documented REST API
 * (paths, headers, JSON bodies, {@code Link} pagination) and answers as GitHub documents, rate
 * limits included.
 */
class GitHubTest {

  private final WireMockServer api =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private Engine engine;

  @BeforeEach
  void start() {
    api.start();
    engine =
        Engine.builder()
            .nodeType(GitHub.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "githubApi",
                        "gh",
                        Map.of("accessToken", "ghp_s3cretToken", "baseUrl", api.baseUrl())))
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    api.findNearMissesForAllUnmatchedRequests()
        .forEach(n -> System.err.println("request unlike the documented API: " + n.getDiff()));
    engine.close();
    api.stop();
  }

  private Execution run(NodeDefinition node, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("gh").node("gh", node, o -> o.credential("githubApi", "gh")).build(),
            items);
    e.await(Duration.ofSeconds(20));
    return e;
  }

  private static MappingBuilder documented(MappingBuilder request) {
    return request
        .withHeader("Authorization", equalTo("Bearer ghp_s3cretToken"))
        .withHeader("Accept", equalTo("application/vnd.github+json"))
        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
        .withHeader("User-Agent", equalTo("tyboo-engine"));
  }

  @Test
  void creates_an_issue_and_comments_on_it() {
    api.stubFor(
        documented(post(urlPathEqualTo("/repos/octocat/Hello-World/issues")))
            .withRequestBody(
                equalToJson("{\"title\": \"Order 7 failed\", \"body\": \"See the logs\"}"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"number\": 1347, \"state\": \"open\", \"title\": \"Order 7 failed\","
                            + " \"html_url\": \"https://github.com/octocat/Hello-World/issues/1347\"}")));
    api.stubFor(
        documented(post(urlPathEqualTo("/repos/octocat/Hello-World/issues/1347/comments")))
            .withRequestBody(equalToJson("{\"body\": \"Retried: ok\"}"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": 1, \"body\": \"Retried: ok\"}")));

    Execution created =
        run(
            GitHub.createIssue(
                "octocat", "Hello-World", "Order {{ $json.id }} failed", "See the logs"),
            List.of(Item.of(Map.of("id", 7))));
    assertThat(created.status()).as("%s", created.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(created.output("gh").getFirst().json()).containsEntry("number", 1347);

    Execution commented =
        run(
            GitHub.createComment("octocat", "Hello-World", "{{ $json.number }}", "Retried: ok"),
            List.of(Item.of(Map.of("number", 1347))));
    assertThat(commented.status()).as("%s", commented.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(commented.output("gh").getFirst().json()).containsEntry("id", 1);
  }

  @Test
  void updates_an_issue_with_patch_and_reads_it_back() {
    api.stubFor(
        documented(patch(urlPathEqualTo("/repos/octocat/Hello-World/issues/5")))
            .withRequestBody(equalToJson("{\"state\": \"closed\", \"labels\": [\"done\"]}"))
            .willReturn(okJson("{\"number\": 5, \"state\": \"closed\"}")));
    api.stubFor(
        documented(get(urlPathEqualTo("/repos/octocat/Hello-World/issues/5")))
            .willReturn(okJson("{\"number\": 5, \"state\": \"closed\"}")));
    Execution updated =
        run(
            NodeDefinition.of(
                GitHub.type(),
                Map.of(
                    "operation", "updateIssue",
                    "owner", "octocat",
                    "repo", "Hello-World",
                    "issueNumber", 5,
                    "state", "closed",
                    "labels", List.of("done"))),
            List.of(Item.empty()));
    assertThat(updated.status()).as("%s", updated.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Execution read =
        run(
            NodeDefinition.of(
                GitHub.type(),
                Map.of(
                    "operation", "getIssue",
                    "owner", "octocat",
                    "repo", "Hello-World",
                    "issueNumber", 5)),
            List.of(Item.empty()));
    assertThat(read.output("gh").getFirst().json()).containsEntry("state", "closed");
  }

  @Test
  void lists_issues_across_link_pages_up_to_the_limit_and_not_onto_another_host() {
    // GitHub's next links name the repository by id, not by owner/name
    api.stubFor(
        documented(get(urlPathEqualTo("/repos/octocat/Hello-World/issues")))
            .withQueryParam("per_page", equalTo("100"))
            .withQueryParam("state", equalTo("all"))
            .withQueryParam("labels", equalTo("bug,ui"))
            .willReturn(
                okJson("[{\"number\": 3}, {\"number\": 2}]")
                    .withHeader(
                        "Link",
                        "<"
                            + api.baseUrl()
                            + "/repositories/1296269/issues?per_page=100&page=2>; rel=\"next\", <"
                            + api.baseUrl()
                            + "/repositories/1296269/issues?per_page=100&page=2>; rel=\"last\"")));
    api.stubFor(
        documented(get(urlPathEqualTo("/repositories/1296269/issues")))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[{\"number\": 1}]")));
    Map<String, Object> list =
        Map.of(
            "operation", "listIssues",
            "owner", "octocat",
            "repo", "Hello-World",
            "state", "all",
            "labels", List.of("bug", "ui"));
    Execution all = run(NodeDefinition.of(GitHub.type(), list), List.of(Item.empty()));
    assertThat(all.status()).as("%s", all.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(all.output("gh")).extracting(i -> i.json().get("number")).containsExactly(3, 2, 1);

    Map<String, Object> two = new java.util.HashMap<>(list);
    two.put("maxIssues", 2);
    Execution limited = run(NodeDefinition.of(GitHub.type(), two), List.of(Item.empty()));
    assertThat(limited.output("gh")).hasSize(2);
    api.verify(1, getRequestedFor(urlPathEqualTo("/repositories/1296269/issues")));

    api.stubFor(
        documented(get(urlPathEqualTo("/repos/octocat/Elsewhere/issues")))
            .willReturn(
                okJson("[{\"number\": 9}]")
                    .withHeader("Link", "<http://evil.example:1/steal>; rel=\"next\"")));
    Map<String, Object> elsewhere = new java.util.HashMap<>(list);
    elsewhere.put("repo", "Elsewhere");
    elsewhere.remove("labels");
    elsewhere.remove("state");
    Execution refused = run(NodeDefinition.of(GitHub.type(), elsewhere), List.of(Item.empty()));
    assertThat(refused.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("another host");
  }

  @Test
  void a_refused_token_is_final_a_spent_rate_limit_and_5xx_are_retried() {
    NodeDefinition get =
        NodeDefinition.of(
            GitHub.type(),
            Map.of("operation", "getIssue", "owner", "o", "repo", "r", "issueNumber", 1));
    api.stubFor(
        get(urlPathEqualTo("/repos/o/r/issues/1"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\": \"Bad credentials\"}")));
    Execution refused = run(get, List.of(Item.empty()));
    assertThat(refused.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("Bad credentials");
    assertThat(refused.error().orElseThrow().getMessage()).doesNotContain("ghp_s3cretToken");

    long reset = System.currentTimeMillis() / 1000 + 42;
    api.stubFor(
        get(urlPathEqualTo("/repos/o/r/issues/1"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", Long.toString(reset))
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\": \"API rate limit exceeded\"}")));
    RetryableNodeException limited =
        (RetryableNodeException) run(get, List.of(Item.empty())).error().orElseThrow();
    assertThat(limited.retryAfter().orElseThrow())
        .isBetween(Duration.ofSeconds(35), Duration.ofSeconds(43));

    api.stubFor(
        get(urlPathEqualTo("/repos/o/r/issues/1"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Retry-After", "60")
                    .withBody("{\"message\": \"secondary rate limit\"}")));
    assertThat(
            ((RetryableNodeException) run(get, List.of(Item.empty())).error().orElseThrow())
                .retryAfter())
        .contains(Duration.ofSeconds(60));

    api.stubFor(get(urlPathEqualTo("/repos/o/r/issues/1")).willReturn(aResponse().withStatus(502)));
    assertThat(run(get, List.of(Item.empty())).error().orElseThrow())
        .isInstanceOf(RetryableNodeException.class);
  }

  @Test
  void owner_and_repo_cannot_reach_another_path() {
    Execution bad =
        run(
            NodeDefinition.of(
                GitHub.type(),
                Map.of(
                    "operation",
                    "getIssue",
                    "owner",
                    "{{ $json.o }}",
                    "repo",
                    "r",
                    "issueNumber",
                    1)),
            List.of(Item.of(Map.of("o", "../../admin"))));
    assertThat(bad.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'owner'");
    assertThat(api.getAllServeEvents()).isEmpty();
  }
}
