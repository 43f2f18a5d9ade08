package dev.tyboo.ai.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's engine process killed with SIGKILL in the middle of a run, on PostgreSQL: another
 * process carries the execution on from its recorded steps. The model (the OpenAI chat completions
 * API) and the two side-effecting HTTP tools are WireMock stubs, which count every request: the
 * completed tool call is not made again, and the model call that completed is not asked again.
 */
class AgentCrashTest {

  private static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("TYBOO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String POSTGRES_USER =
      System.getenv().getOrDefault("TYBOO_TEST_POSTGRES_USER", "postgres");

  private static final String COMPLETIONS = "/v1/chat/completions";

  @TempDir Path logs;
  private WireMockServer api;
  private String schema;
  private String url;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    schema = "tyboo_agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("PostgreSQL is unreachable at " + POSTGRES_URL, e);
      }
      Assumptions.abort("PostgreSQL is unreachable at " + POSTGRES_URL + ": " + e);
    }
    url = POSTGRES_URL + "?currentSchema=" + schema;
    api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    api.start();
    // the documented request: a bearer key, the model, the messages and the tools as functions
    var request =
        post(urlEqualTo(COMPLETIONS))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-test")))
            .withRequestBody(matchingJsonPath("$.tools[0].type", equalTo("function")))
            .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("charge")))
            .withRequestBody(matchingJsonPath("$.tools[1].function.name", equalTo("notify")));
    api.stubFor(request.atPriority(3).willReturn(json(toolCall("call_charge", "charge"))));
    api.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[?(@.role == 'tool' && @.tool_call_id == 'call_charge')]"))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[?(@.role == 'assistant')].tool_calls[?(@.id == 'call_charge')]"))
            .atPriority(2)
            .willReturn(json(toolCall("call_notify", "notify")).withFixedDelay(3_000)));
    api.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[?(@.role == 'tool' && @.tool_call_id == 'call_notify')]"))
            .atPriority(1)
            .willReturn(json(answer("Charged A-1 and told the customer."))));
    for (String tool : List.of("/charge", "/notify")) {
      api.stubFor(
          post(urlEqualTo(tool))
              .withRequestBody(equalToJson("{\"order\":\"A-1\"}"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"ok\":true}")));
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    if (api != null) {
      api.stop();
    }
    if (url != null) {
      try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  private static String toolCall(String id, String name) {
    return "{\"id\":\"chatcmpl-"
        + id
        + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-test\",\"choices\":[{"
        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{"
        + "\"id\":\""
        + id
        + "\",\"type\":\"function\",\"function\":{\"name\":\""
        + name
        + "\",\"arguments\":\"{\\\"order\\\":\\\"A-1\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":10,\"total_tokens\":30}}";
  }

  private static String answer(String text) {
    return "{\"id\":\"chatcmpl-final\",\"object\":\"chat.completion\",\"created\":1,"
        + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\""
        + text
        + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":10,\"total_tokens\":50}}";
  }

  private Process launch(String name, boolean submit) throws Exception {
    Process p =
        AgentProcessMain.launch(
            logs.resolve(name + ".log"), url, POSTGRES_USER, api.baseUrl(), String.valueOf(submit));
    processes.add(p);
    return p;
  }

  private List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, POSTGRES_USER, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    } catch (SQLException e) {
      if (e.getMessage().contains("does not exist")) {
        return rows; // not migrated yet
      }
      throw e;
    }
    return rows;
  }

  private String log(String name) throws Exception {
    Path file = logs.resolve(name + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void carries_the_agent_on_after_a_kill_without_repeating_the_completed_tool_call()
      throws Exception {
    Process victim = launch("victim", true);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // killed once the charge is recorded and the next model call is under way (it takes 3 s)
    while (!(query("SELECT step FROM tyboo_node_step").contains("0/tool/0/0")
        && api.findAll(postRequestedFor(urlEqualTo(COMPLETIONS))).size() == 2)) {
      assertThat(System.nanoTime()).as(log("victim")).isLessThan(until);
      assertThat(victim.isAlive()).as(log("victim")).isTrue();
      Thread.sleep(20);
    }
    victim.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
    victim.waitFor();

    Process heir = launch("heir", false);
    assertThat(heir.waitFor(60, TimeUnit.SECONDS)).as(log("heir")).isTrue();
    assertThat(heir.exitValue()).as(log("heir")).isZero();

    assertThat(query("SELECT status FROM tyboo_execution")).containsExactly("SUCCEEDED");
    String id = query("SELECT id FROM tyboo_execution").getFirst();
    List<LoggedRequest> charges = api.findAll(postRequestedFor(urlEqualTo("/charge")));
    assertThat(charges).as("the recorded tool call is not made again").hasSize(1);
    assertThat(charges.getFirst().getHeader("Idempotency-Key"))
        .isEqualTo(id + "/agent/0/0/tool/0/0");
    assertThat(api.findAll(postRequestedFor(urlEqualTo("/notify")))).hasSize(1);
    List<LoggedRequest> calls = api.findAll(postRequestedFor(urlEqualTo(COMPLETIONS)));
    assertThat(calls)
        .as("the first model call is replayed from its step; the one cut by the kill is made again")
        .hasSize(4);
    assertThat(calls.stream().filter(r -> !r.getBodyAsString().contains("tool_call_id")).count())
        .isEqualTo(1);
    assertThat(api.findAllUnmatchedRequests())
        .as("every request as the API documents it")
        .isEmpty();
    assertThat(query("SELECT outputs_json::text FROM tyboo_node_run WHERE node_id = 'agent'"))
        .singleElement()
        .asString()
        .contains("Charged A-1 and told the customer.");
  }
}
