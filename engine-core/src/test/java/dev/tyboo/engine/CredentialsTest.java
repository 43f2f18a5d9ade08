package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.CredentialException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes read (and refresh) the credentials they reference through the engine's provider. */
class CredentialsTest {

  /** Emits the length of its token (never the token), then stores a rotated one. */
  private static final NodeType USES_TOKEN =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.usesToken").credentialType("apiToken").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          String token = (String) ctx.credential("apiToken").get("token");
          ctx.updateCredential("apiToken", Map.of("token", token + "-rotated"));
          return NodeResult.of(Item.listOf(Map.of("tokenLength", token.length())));
        }
      };

  private static Workflow workflow(String credentialName) {
    return Workflow.named("w")
        .node(
            "call",
            NodeDefinition.of(USES_TOKEN, Map.of()),
            o -> {
              if (credentialName != null) {
                o.credential("apiToken", credentialName);
              }
            })
        .build();
  }

  @Test
  void a_node_reads_its_credential_and_may_update_it() {
    InMemoryCredentialProvider secrets =
        CredentialProvider.inMemory().put("apiToken", "github", Map.of("token", "s3cret"));
    try (Engine engine = Engine.builder().nodeType(USES_TOKEN).credentials(secrets).build()) {
      Execution run = engine.run(workflow("github"), Item.listOf(Map.of()));

      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(run.output("call").get(0).json()).isEqualTo(Map.of("tokenLength", 6));
      assertThat(secrets.find("apiToken", "github")).contains(Map.of("token", "s3cret-rotated"));
    }
  }

  @Test
  void a_missing_reference_or_secret_fails_the_node_with_a_credential_error_naming_no_secret() {
    try (Engine engine =
        Engine.builder()
            .nodeType(USES_TOKEN)
            .credentials(
                CredentialProvider.inMemory().put("apiToken", "github", Map.of("token", "x")))
            .build()) {
      Execution unnamed = engine.run(workflow(null), Item.listOf(Map.of()));
      Execution unknown = engine.run(workflow("gitlab"), Item.listOf(Map.of()));

      assertThat(unnamed.error().orElseThrow())
          .isInstanceOf(CredentialException.class)
          .hasMessageContaining("node 'call' needs a credential of type 'apiToken' but names none");
      assertThat(unknown.error().orElseThrow())
          .isInstanceOf(CredentialException.class)
          .hasMessageContaining(
              "uses credential 'gitlab' of type 'apiToken', which the engine's credential provider does not hold");
    }
    try (Engine bare = Engine.builder().nodeType(USES_TOKEN).build()) {
      assertThat(bare.run(workflow("github"), Item.listOf(Map.of())).error().orElseThrow())
          .isInstanceOf(CredentialException.class);
    }
  }
}
