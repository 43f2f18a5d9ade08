package dev.tyboo.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.BlockedAddressException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP Request node under a network policy, against real servers on two loopback addresses:
 * {@code 127.0.0.2} plays a public API (allowed by the policy), {@code 127.0.0.1} the host's
 * internal network (blocked), on the same port. A resolver the test controls plays DNS.
 */
class SsrfGuardTest {

  private HttpServer api;
  private HttpServer internal;
  private int port;
  private final Queue<String> apiSeen = new ConcurrentLinkedQueue<>();
  private final Queue<String> internalSeen = new ConcurrentLinkedQueue<>();
  private final AtomicInteger rebindLookups = new AtomicInteger();
  private Engine engine;

  @BeforeEach
  void start() throws IOException {
    for (int attempt = 0; internal == null; attempt++) {
      api = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
      port = api.getAddress().getPort();
      try {
        internal =
            HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
      } catch (BindException taken) {
        api.stop(0);
        if (attempt > 20) {
          throw taken;
        }
      }
    }
    api.createContext("/", this::api);
    internal.createContext(
        "/",
        x -> {
          internalSeen.add(x.getRequestURI().toString());
          respond(x, 200, "{\"secret\":\"internal\"}");
        });
    api.start();
    internal.start();
    NetworkPolicy policy =
        NetworkPolicy.privateNetworksBlocked().allow("127.0.0.2/32").resolver(this::resolve);
    engine =
        Engine.builder()
            .discoverNodeTypes(SsrfGuardTest.class.getClassLoader())
            .networkPolicy(policy)
            .credentials(
                CredentialProvider.inMemory()
                    .put("httpBearerAuth", "api", Map.of("token", "t0ken-abcd-1234")))
            .build();
  }

  @AfterEach
  void stop() {
    engine.close();
    api.stop(0);
    internal.stop(0);
  }

  private List<InetAddress> resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "api.test", "other.test" -> List.of(InetAddress.getByName("127.0.0.2"));
      case "internal.test" -> List.of(InetAddress.getByName("127.0.0.1"));
      // a rebinding name: public at the check, internal for anyone who asks again
      case "rebind.test" ->
          List.of(
              InetAddress.getByName(
                  rebindLookups.getAndIncrement() == 0 ? "127.0.0.2" : "127.0.0.1"));
      default -> List.of(InetAddress.getAllByName(host));
    };
  }

  private void api(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String auth = x.getRequestHeaders().getFirst("Authorization");
    apiSeen.add(
        path + " host=" + x.getRequestHeaders().getFirst("Host") + " auth=" + (auth != null));
    switch (path) {
      case "/to-internal" -> redirect(x, "http://internal.test:" + port + "/secret");
      case "/to-metadata" -> redirect(x, "http://169.254.169.254/latest/meta-data/");
      case "/to-literal" -> redirect(x, "http://127.1:" + port + "/secret");
      case "/loop" -> redirect(x, "/loop");
      case "/to-same" -> redirect(x, "/ok");
      case "/to-other" -> redirect(x, "http://other.test:" + port + "/ok");
      default -> respond(x, 200, "{\"path\":\"" + path + "\"}");
    }
  }

  private static void redirect(HttpExchange x, String location) throws IOException {
    x.getRequestBody().readAllBytes();
    x.getResponseHeaders().add("Location", location);
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private static void respond(HttpExchange x, int status, String body) throws IOException {
    x.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private Execution get(String url) {
    return get(engine, url);
  }

  private static Execution get(Engine engine, String url) {
    Execution run =
        engine.start(
            engine.readWorkflow(
                """
                {"name": "fetch", "nodes": [{"id": "get", "type": "httpRequest",
                  "parameters": {"url": "%s", "authentication": "bearer"},
                  "credentials": {"httpBearerAuth": "api"}}]}
                """
                    .formatted(url)),
            List.of(Item.empty()));
    run.await(Duration.ofSeconds(20));
    return run;
  }

  @Test
  void should_reach_an_allowed_host_and_follow_a_redirect_on_it() {
    Execution run = get("http://api.test:" + port + "/to-same");
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("get").getFirst().get("path")).isEqualTo("/ok");
    assertThat(apiSeen)
        .containsExactly(
            "/to-same host=api.test:" + port + " auth=true",
            "/ok host=api.test:" + port + " auth=true");
  }

  @Test
  void should_check_every_redirect_hop() {
    for (String hop : List.of("/to-internal", "/to-metadata", "/to-literal")) {
      Execution run = get("http://api.test:" + port + hop);
      assertThat(run.status()).as(hop).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow()).as(hop).isInstanceOf(BlockedAddressException.class);
    }
    assertThat(internalSeen).isEmpty();
  }

  @Test
  void should_connect_to_the_address_it_checked_when_dns_changes_its_answer() {
    Execution run = get("http://rebind.test:" + port + "/ok");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(apiSeen).containsExactly("/ok host=rebind.test:" + port + " auth=true");
    assertThat(internalSeen).isEmpty();
    assertThat(rebindLookups).hasValue(1);
  }

  @Test
  void should_stop_after_ten_redirects() {
    Execution run = get("http://api.test:" + port + "/loop");
    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow().getMessage()).contains("redirects more than 10 times");
    assertThat(apiSeen).hasSize(11);
  }

  @Test
  void should_not_send_credentials_to_another_origin_after_a_redirect() {
    Execution run = get("http://api.test:" + port + "/to-other");
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(apiSeen)
        .containsExactly(
            "/to-other host=api.test:" + port + " auth=true",
            "/ok host=other.test:" + port + " auth=false");
  }

  @Test
  void should_refuse_internal_and_ambiguous_hosts_before_connecting() {
    for (String url :
        List.of(
            "http://internal.test:" + port + "/secret",
            "http://127.0.0.1:" + port + "/secret",
            "http://2130706433:" + port + "/secret",
            "http://[::ffff:127.0.0.1]:" + port + "/secret")) {
      Execution run = get(url);
      assertThat(run.error().orElseThrow()).as(url).isInstanceOf(BlockedAddressException.class);
    }
    assertThat(internalSeen).isEmpty();
  }

  @Test
  void by_default_only_tenants_workflows_are_kept_off_private_networks() {
    CredentialVault vault =
        CredentialVault.builder(
                CredentialStore.inMemory(), KeyProvider.of(MasterKey.of("k1", new byte[32])))
            .build();
    try (Engine byDefault =
        Engine.builder()
            .discoverNodeTypes(SsrfGuardTest.class.getClassLoader())
            .credentials(
                CredentialProvider.inMemory()
                    .put("httpBearerAuth", "api", Map.of("token", "t0ken-abcd-1234")))
            .credentialVault(vault)
            .build()) {
      String url = "http://127.0.0.1:" + port + "/secret";
      assertThat(get(byDefault, url).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(internalSeen).hasSize(1);

      AuthorizedEngine acme = byDefault.as(Principal.of("ada", "acme", Role.ADMIN));
      acme.createCredential("httpBearerAuth", "api", Map.of("token", "acme-t0ken-9876"));
      acme.deploy(
          byDefault.readWorkflow(
              """
              {"name": "fetch", "nodes": [{"id": "get", "type": "httpRequest",
                "parameters": {"url": "%s", "authentication": "bearer"},
                "credentials": {"httpBearerAuth": "api"}}]}
              """
                  .formatted(url)));
      Execution tenants = acme.start("fetch", List.of(Item.empty()));
      assertThat(tenants.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.FAILED);
      assertThat(tenants.error().orElseThrow()).isInstanceOf(BlockedAddressException.class);
      assertThat(internalSeen).hasSize(1);
    }
  }
}
