package dev.tyboo.ai.agent;

import dev.tyboo.ai.nodes.AgentNode;
import dev.tyboo.ai.nodes.AiNodes;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An engine process running an agent on PostgreSQL, for {@link AgentCrashTest}: {@code <jdbcUrl>
 * <user> <apiBaseUrl> <submit: true|false>}. It submits one agent execution when asked, prints
 * {@link #STARTED}, works until every execution in the database has ended, then exits 0.
 */
public final class AgentProcessMain {

  static final String STARTED = "agent process started";

  private AgentProcessMain() {}

  static Process launch(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "-Xmx256m",
            AgentProcessMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  static Workflow workflow(AgentNode agent, String api) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", "openai");
    p.put("model", "gpt-test");
    p.put("baseUrl", api + "/v1");
    p.put("prompt", "Charge order {{ $json.order }} and tell the customer.");
    Map<String, Object> order =
        Map.of(
            "type", "object",
            "properties", Map.of("order", Map.of("type", "string")),
            "required", List.of("order"));
    p.put(
        "tools",
        List.of(
            Map.of(
                "type", "http",
                "name", "charge",
                "description", "Charges an order",
                "method", "POST",
                "url", api + "/charge",
                "parameters", order),
            Map.of(
                "type", "http",
                "name", "notify",
                "description", "Tells the customer",
                "method", "POST",
                "url", api + "/notify",
                "parameters", order)));
    return Workflow.named("charge-agent")
        .node("agent", NodeDefinition.of(agent, p), o -> o.credential("openAiApi", "main"))
        .build();
  }

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(args[0]);
    ds.setUser(args[1]);
    String api = args[2];
    boolean submit = Boolean.parseBoolean(args[3]);
    AiNodes ai = AiNodes.builder().build();
    AgentNode agent =
        (AgentNode)
            ai.nodeTypes().stream().filter(t -> t instanceof AgentNode).findFirst().orElseThrow();
    Engine engine =
        Engine.builder()
            .storage(JdbcStorage.create(ds))
            .durableOptions(
                DurableOptions.builder()
                    .leaseTime(Duration.ofMillis(1_000))
                    .pollInterval(Duration.ofMillis(100))
                    .build())
            .nodeTypes(NodeRegistry.of(ai.nodeTypes().toArray(new NodeType[0])))
            .credentials(
                CredentialProvider.inMemory().put("openAiApi", "main", Map.of("apiKey", "sk-test")))
            .build();
    if (submit) {
      engine.start(workflow(agent, api), Item.of(Map.of("order", "A-1")));
    }
    System.out.println(STARTED);
    while (!allEnded(ds)) {
      Thread.sleep(100);
    }
    engine.shutdown(Duration.ofSeconds(5));
    System.exit(0);
  }

  private static boolean allEnded(PGSimpleDataSource ds) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*), SUM(CASE WHEN status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')"
                    + " THEN 1 ELSE 0 END) FROM tyboo_execution")) {
      rs.next();
      return rs.getInt(1) > 0 && rs.getInt(1) == rs.getInt(2);
    }
  }
}
