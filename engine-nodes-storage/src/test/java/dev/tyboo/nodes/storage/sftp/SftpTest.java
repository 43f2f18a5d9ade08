package dev.tyboo.nodes.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP node against an Apache MINA SSHD server in the test JVM (password login, its own host
 * key, files in a temporary directory): each operation, a large file through and back, the host key
 * check, a refused login and a missing file.
 */
class SftpTest {

  @TempDir Path root;
  private SshServer server;
  private String hostKey;
  private Engine engine;
  private InMemoryCredentialProvider credentials;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair key = generator.generateKeyPair();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(key));
    server.setPasswordAuthenticator(
        (user, password, session) -> user.equals("ada") && password.equals("right"));
    server.setSubsystemFactories(List.<SubsystemFactory>of(new SftpSubsystemFactory()));
    server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    server.start();
    hostKey = PublicKeyEntry.toString(key.getPublic());
    credentials =
        CredentialProvider.inMemory()
            .put("sftp", "right", credential("right", hostKey))
            .put("sftp", "wrong", credential("wrong", hostKey));
    engine =
        Engine.builder()
            .nodeType(Sftp.type())
            .credentials(credentials)
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  private Map<String, Object> credential(String password, String key) {
    return Map.of(
        "host",
        "127.0.0.1",
        "port",
        server.getPort(),
        "username",
        "ada",
        "password",
        password,
        "hostKey",
        key);
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    server.stop(true);
  }

  private Execution run(String credential, NodeDefinition node, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("sftp")
                .node("sftp", node, o -> o.credential("sftp", credential))
                .build(),
            items);
    e.await(Duration.ofSeconds(30));
    return e;
  }

  private Execution run(Map<String, Object> parameters) {
    return run("right", NodeDefinition.of(Sftp.type(), parameters), List.of(Item.empty()));
  }

  @Test
  void uploads_a_large_file_streamed_downloads_it_back_lists_and_deletes() throws Exception {
    byte[] content = new byte[12 * 1024 * 1024];
    new Random(7).nextBytes(content);
    Files.createDirectories(root.resolve("in"));
    BinaryRef ref =
        engine.binaryStore().write(new java.io.ByteArrayInputStream(content), "big.bin", null);

    Execution uploaded =
        run(
            "right",
            Sftp.upload("in/{{ $json.name }}"),
            List.of(Item.of(Map.of("name", "big.bin")).withBinary("data", ref)));
    assertThat(uploaded.status()).as("%s", uploaded.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(uploaded.output("sftp").getFirst().json())
        .containsEntry("size", (long) content.length);
    assertThat(sha(Files.readAllBytes(root.resolve("in/big.bin")))).isEqualTo(sha(content));

    Files.writeString(root.resolve("in/a.txt"), "hello");
    Execution listed = run(Map.of("operation", "list", "path", "in"));
    assertThat(listed.output("sftp"))
        .extracting(i -> i.json().get("name"))
        .containsExactly("a.txt", "big.bin");
    assertThat(listed.output("sftp").getFirst().json())
        .containsEntry("size", 5L)
        .containsEntry("directory", false);

    Execution downloaded =
        run(Map.of("operation", "download", "path", "in/big.bin", "binaryProperty", "file"));
    assertThat(downloaded.status())
        .as("%s", downloaded.error())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    try (InputStream in =
        engine.binaryStore().open(downloaded.output("sftp").getFirst().binary().get("file"))) {
      assertThat(sha(in.readAllBytes())).isEqualTo(sha(content));
    }

    Execution deleted = run(Map.of("operation", "delete", "path", "in/a.txt"));
    assertThat(deleted.status()).as("%s", deleted.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(root.resolve("in/a.txt")).doesNotExist();
  }

  @Test
  void a_missing_file_a_refused_login_another_host_key_and_no_server_are_typed() throws Exception {
    assertThat(run(Map.of("operation", "download", "path", "nope.txt")).error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'path'");

    Execution refused =
        run(
            "wrong",
            NodeDefinition.of(Sftp.type(), Map.of("operation", "list", "path", ".")),
            List.of(Item.empty()));
    assertThat(refused.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("refused the credential's login")
        .hasMessageNotContaining("wrong");

    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    credentials.put(
        "sftp",
        "impostor",
        credential("right", PublicKeyEntry.toString(generator.generateKeyPair().getPublic())));
    Execution impostor =
        run(
            "impostor",
            NodeDefinition.of(Sftp.type(), Map.of("operation", "list", "path", ".")),
            List.of(Item.empty()));
    assertThat(impostor.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("host key");

    credentials.put(
        "sftp", "nokey", Map.of("host", "127.0.0.1", "username", "ada", "password", "right"));
    assertThat(
            run(
                    "nokey",
                    NodeDefinition.of(Sftp.type(), Map.of("operation", "list", "path", ".")),
                    List.of(Item.empty()))
                .error()
                .orElseThrow())
        .hasMessageContaining("hostKey");

    credentials.put(
        "sftp",
        "down",
        Map.of(
            "host",
            "127.0.0.1",
            "port",
            9,
            "username",
            "ada",
            "password",
            "right",
            "hostKey",
            hostKey));
    assertThat(
            run(
                    "down",
                    NodeDefinition.of(Sftp.type(), Map.of("operation", "list", "path", ".")),
                    List.of(Item.empty()))
                .error()
                .orElseThrow())
        .isInstanceOf(RetryableNodeException.class);
  }

  private static String sha(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
