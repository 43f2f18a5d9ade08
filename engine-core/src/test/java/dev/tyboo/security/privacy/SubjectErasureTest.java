package dev.tyboo.security.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.StartOptions;
import dev.tyboo.error.AccessDeniedException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.spi.audit.AuditChain;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.Transactions;
import dev.tyboo.spi.store.WorkflowStore;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GDPR erasure and export over a durable engine: every store the engine writes is scanned after an
 * erasure for anything of the erased subject, and another subject's data must still be there.
 */
class SubjectErasureTest {

  private static final String ANA = "customer-ana";
  private static final String ANA_EMAIL = "ana.lima@example.com";
  private static final String ANA_NAME = "Ana Lima";
  private static final String BOB = "customer-bob";
  private static final String BOB_EMAIL = "bob.stone@example.com";
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Writes a profile attachment about the item's person; the output is large enough to spill. */
  private static final NodeType PROFILE =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.profile").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          List<Item> out = new ArrayList<>();
          for (Item item : ctx.input()) {
            String text = "Profile of " + item.get("name") + " <" + item.get("email") + ">";
            ctx.steps().record("lookup", Map.of("found", item.get("email")));
            ctx.memory().append("contacts", List.of("met " + item.get("email")));
            BinaryRef ref =
                ctx.binaries()
                    .write(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                        "profile.txt",
                        "text/plain");
            out.add(
                item.with("bio", "Biography of " + item.get("name") + ". " + "x".repeat(300))
                    .withBinary("profile", ref));
          }
          return NodeResult.of(out);
        }
      };

  /** Fails, naming the person, when the item says so. */
  private static final NodeType VERIFY =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.verify").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          for (Item item : ctx.input()) {
            if (Boolean.TRUE.equals(item.get("fail"))) {
              throw new NonRetryableNodeException("could not verify " + item.get("email"));
            }
          }
          return NodeResult.of(ctx.input());
        }
      };

  @TempDir Path files;

  private final AuditLog audit = AuditLog.inMemory();
  private final ExecutionStore executions = ExecutionStore.inMemory();
  private final List<Engine> engines = new ArrayList<>();
  private BinaryStore binaries;

  @AfterEach
  void close() {
    engines.forEach(Engine::close);
  }

  private Engine engine() {
    binaries = BinaryStore.files(files);
    Clock clock = Clock.system();
    Storage storage =
        new Storage(
            WorkflowStore.inMemory(clock),
            executions,
            WorkQueue.inMemory(clock),
            Transactions.none(),
            binaries);
    Engine engine =
        Engine.builder()
            .storage(storage)
            .durableOptions(
                DurableOptions.builder()
                    .spillThresholdBytes(256)
                    .pollInterval(Duration.ofMillis(5))
                    .build())
            .nodeTypes(TestNodes.registry())
            .nodeType(PROFILE)
            .nodeType(VERIFY)
            .auditLog(audit)
            .shutdownGrace(Duration.ofSeconds(5))
            .build();
    engines.add(engine);
    return engine;
  }

  private static Workflow enrich() {
    return Workflow.named("enrich")
        .node("greet", TestNodes.set("greeting", "{{ 'Hello ' + $json.name }}"))
        .build();
  }

  private static Workflow signup() {
    return Workflow.named("signup")
        .node("profile", NodeDefinition.of(PROFILE, Map.of()))
        .node("enrich", ExecuteWorkflow.named("enrich"))
        .node("verify", NodeDefinition.of(VERIFY, Map.of()))
        .connect("profile", "enrich")
        .connect("enrich", "verify")
        .build();
  }

  private static Workflow approval() {
    return Workflow.named("approval")
        .node("profile", NodeDefinition.of(PROFILE, Map.of()))
        .node("ask", Wait.forResume())
        .connect("profile", "ask")
        .build();
  }

  private static List<Item> person(String name, String email, boolean fail) {
    return Item.listOf(Map.of("name", name, "email", email, "fail", fail));
  }

  private static Execution started(Engine engine, String workflow, List<Item> items, String who) {
    Execution run = engine.startDeployed(workflow, items);
    engine.subjects().tag(run.id(), who);
    return run;
  }

  @Test
  void erasing_a_subject_leaves_nothing_of_it_in_any_store_and_keeps_the_others() throws Exception {
    Engine engine = engine();
    engine.deploy(enrich());
    engine.deploy(signup());
    engine.deploy(approval());
    Execution ok =
        engine.startDeployed(
            "signup", person(ANA_NAME, ANA_EMAIL, false), StartOptions.subjects(ANA)); // at start
    Execution failed = started(engine, "signup", person(ANA_NAME, ANA_EMAIL, true), ANA);
    Execution waiting = started(engine, "approval", person(ANA_NAME, ANA_EMAIL, false), ANA);
    Execution bob = started(engine, "signup", person("Bob Stone", BOB_EMAIL, false), BOB);
    assertThat(ok.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(failed.await(WAIT)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(bob.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    String token = awaitToken(waiting);
    assertThat(engine.executions().children(ok.id())).hasSize(1);
    assertThat(scanAll(engine)).contains(ANA_EMAIL, ANA_NAME, BOB_EMAIL); // the scan sees data

    SubjectErasure erasure = engine.subjects().erase(ANA);

    // 3 tagged executions and the 2 sub-workflow executions they started
    assertThat(erasure.executions()).isEqualTo(5);
    assertThat(erasure.binaries()).isGreaterThanOrEqualTo(3 + 3); // attachments and spills
    assertThat(erasure.auditRecords()).isPositive();
    assertThat(erasure.subjectHash()).startsWith("sha256:").doesNotContain(ANA);
    String everything = scanAll(engine);
    assertThat(everything).doesNotContain(ANA_EMAIL).doesNotContain(ANA_NAME).doesNotContain(ANA);
    assertThat(everything).contains(BOB_EMAIL, "Bob Stone"); // the other subject is untouched
    assertThat(engine.executions().find(bob.id()).orElseThrow().status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    for (ExecutionId gone : List.of(ok.id(), failed.id(), waiting.id())) {
      assertThat(engine.executions().find(gone)).isEmpty();
    }
    assertThat(executions.subjectExecutions(ANA)).isEmpty();
    assertThat(((dev.tyboo.spi.store.NodeStore) executions).memory("", "contacts", 100))
        .as("the memory entries the erased executions wrote go with them")
        .extracting(dev.tyboo.spi.store.MemoryEntry::valueJson)
        .containsExactly("\"met " + BOB_EMAIL + "\"");
    for (ExecutionId gone : List.of(ok.id(), failed.id(), waiting.id())) {
      assertThat(((dev.tyboo.spi.store.NodeStore) executions).steps(gone, "profile")).isEmpty();
    }
    assertThatThrownBy(() -> engine.resume(token, List.of()))
        .isInstanceOf(ResumeTokenException.class);
    assertThat(AuditChain.verify(audit).intact()).isTrue();
    assertThat(audit.read(AuditQuery.all().action("subject.erase")))
        .singleElement()
        .satisfies(r -> assertThat(r.event().target()).isEqualTo(erasure.subjectHash()));
    assertThat(engine.subjects().erase(ANA).executions()).isZero(); // idempotent
  }

  @Test
  void export_holds_every_execution_attachment_and_audit_record_of_the_subject() throws Exception {
    Engine engine = engine();
    engine.deploy(enrich());
    engine.deploy(signup());
    Execution ok = started(engine, "signup", person(ANA_NAME, ANA_EMAIL, false), ANA);
    Execution failed = started(engine, "signup", person(ANA_NAME, ANA_EMAIL, true), ANA);
    Execution bob = started(engine, "signup", person("Bob Stone", BOB_EMAIL, false), BOB);
    ok.await(WAIT);
    failed.await(WAIT);
    bob.await(WAIT);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(engine.subjects().export(ANA, out)).isEqualTo(4);
    JsonNode doc = new ObjectMapper().readTree(out.toByteArray());

    assertThat(doc.get("subject").asText()).isEqualTo(ANA);
    assertThat(doc.get("executions")).hasSize(4);
    assertThat(doc.toString()).doesNotContain(BOB_EMAIL);
    List<String> workflows = new ArrayList<>();
    doc.get("executions").forEach(e -> workflows.add(e.get("workflow").asText()));
    assertThat(workflows).containsExactlyInAnyOrder("signup", "signup", "enrich", "enrich");
    assertThat(doc.get("executions").toString())
        .contains("Hello " + ANA_NAME) // a child's output
        .contains("could not verify " + ANA_EMAIL) // a node's error
        .contains("Biography of " + ANA_NAME); // spilled outputs, read back
    JsonNode signupRun = null;
    for (JsonNode e : doc.get("executions")) {
      if (e.get("id").asText().equals(ok.id().value())) {
        signupRun = e;
      }
    }
    assertThat(signupRun.get("nodeRuns").get(0).get("steps").get("lookup").get("found").asText())
        .as("recorded steps")
        .isEqualTo(ANA_EMAIL);
    assertThat(signupRun.get("memory").get("contacts").get(0).get("value").asText())
        .as("the memory entries it wrote")
        .isEqualTo("met " + ANA_EMAIL);
    assertThat(doc.get("attachments")).hasSize(2);
    for (JsonNode a : doc.get("attachments")) {
      assertThat(a.get("fileName").asText()).isEqualTo("profile.txt");
      assertThat(new String(Base64.getDecoder().decode(a.get("base64").asText())))
          .isEqualTo("Profile of " + ANA_NAME + " <" + ANA_EMAIL + ">");
    }
    List<String> actions = new ArrayList<>();
    doc.get("auditRecords").forEach(r -> actions.add(r.get("action").asText()));
    assertThat(actions).contains("execution.started", "node.failed", "execution.failed");
    assertThat(audit.read(AuditQuery.all().action("subject.export"))).hasSize(1);
  }

  @Test
  void a_tenant_admin_erases_and_exports_within_the_tenant_only() throws Exception {
    Engine engine = engine();
    AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
    AuthorizedEngine globex = engine.as(Principal.of("gus", "globex", Role.ADMIN));
    acme.deploy(enrich());
    acme.deploy(signup());
    globex.deploy(enrich());
    globex.deploy(signup());
    Execution atAcme = acme.start("signup", person(ANA_NAME, ANA_EMAIL, false));
    acme.subjects().tag(atAcme.id(), ANA);
    Execution atGlobex = globex.start("signup", person(ANA_NAME, ANA_EMAIL, false));
    globex.subjects().tag(atGlobex.id(), ANA);
    atAcme.await(WAIT);
    atGlobex.await(WAIT);

    assertThatThrownBy(() -> acme.subjects().tag(atGlobex.id(), "someone"))
        .isInstanceOf(dev.tyboo.error.ExecutionNotFoundException.class);
    AuthorizedEngine editor = engine.as(Principal.of("ed", "acme", Role.EDITOR));
    assertThatThrownBy(() -> editor.subjects().erase(ANA))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("ADMIN");
    assertThatThrownBy(() -> editor.subjects().export(ANA, new ByteArrayOutputStream()))
        .isInstanceOf(AccessDeniedException.class);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(acme.subjects().export(ANA, out)).isEqualTo(2); // signup and its enrich child
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(atGlobex.id().value());

    assertThat(acme.subjects().erase(ANA).executions()).isEqualTo(2);
    assertThat(engine.executions().find(atAcme.id())).isEmpty();
    assertThat(engine.executions().find(atGlobex.id())).isPresent();
    assertThat(engine.executions().children(atGlobex.id())).hasSize(1);
    assertThat(audit.read(AuditQuery.all().tenant("globex")))
        .extracting(AuditRecord::detailErased)
        .containsOnly(false);
    assertThat(audit.read(AuditQuery.all().action("subject.erase")).getFirst().event().actor())
        .isEqualTo("ada");
  }

  @Test
  void resume_by_token_through_the_authorized_engine_keeps_to_the_tenant() {
    Engine engine = engine();
    AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
    AuthorizedEngine globex = engine.as(Principal.of("gus", "globex", Role.ADMIN));
    acme.deploy(approval());
    Execution run = acme.start("approval", person(ANA_NAME, ANA_EMAIL, false));
    String token = awaitToken(run);

    assertThatThrownBy(() -> globex.resume(token, List.of()))
        .isInstanceOf(ResumeTokenException.class)
        .hasMessageContaining("names no stored execution")
        .hasMessageNotContaining(token);
    assertThatThrownBy(
            () -> engine.as(Principal.of("vic", "acme", Role.VIEWER)).resume(token, List.of()))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> acme.resume("not-a-token", List.of()))
        .isInstanceOf(ResumeTokenException.class);

    acme.resume(token, Item.listOf(Map.of("approved", true)));
    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(audit.read(AuditQuery.all().tenant("acme").action("execution.resume"))).hasSize(1);
    assertThat(audit.read(AuditQuery.all().tenant("globex").action("execution.resume_refused")))
        .hasSize(1);
  }

  @Test
  void tags_need_a_durable_engine_and_a_well_formed_subject() {
    assertThatThrownBy(() -> StartOptions.subjects("ok", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data-subject id");
    try (Engine plain = Engine.builder().build()) {
      assertThatThrownBy(
              () ->
                  plain.start(
                      enrich(), person(ANA_NAME, ANA_EMAIL, false), StartOptions.subjects(ANA)))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("data subjects");
      assertThatThrownBy(() -> plain.subjects().tag(ExecutionId.of("x"), ANA))
          .isInstanceOf(UnsupportedCapabilityException.class);
      assertThatThrownBy(() -> plain.subjects().erase(ANA))
          .isInstanceOf(UnsupportedCapabilityException.class);
    }
    Engine engine = engine();
    engine.deploy(enrich());
    Execution run = engine.startDeployed("enrich", person(ANA_NAME, ANA_EMAIL, false));
    assertThatThrownBy(() -> engine.subjects().tag(run.id(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.subjects().erase(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.subjects().tag(ExecutionId.of("nope"), ANA))
        .isInstanceOf(dev.tyboo.error.ExecutionNotFoundException.class);
  }

  private static String awaitToken(Execution run) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String token = run.resumeTokens().get("ask");
      if (token != null) {
        return token;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the execution never waited");
  }

  /** Everything the engine holds: executions, node runs, binary files, audit records. */
  private String scanAll(Engine engine) throws IOException {
    StringBuilder all = new StringBuilder();
    for (ExecutionRecord r :
        engine.executions().query(ExecutionQuery.builder().page(0, 1000).build()).items()) {
      all.append(r).append('\n');
      executions.nodeRuns(r.id()).forEach(n -> all.append(n).append('\n'));
    }
    try (Stream<Path> paths = Files.walk(files)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        all.append(p).append('\n');
        try (InputStream in = Files.newInputStream(p)) {
          all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
        }
      }
    }
    audit.read(AuditQuery.all()).forEach(r -> all.append(r).append('\n'));
    return all.toString();
  }
}
