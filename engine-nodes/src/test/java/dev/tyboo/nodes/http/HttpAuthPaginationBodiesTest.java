package dev.tyboo.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.CredentialException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP Request with credentials, OAuth2, pagination, multipart and binary bodies, on a fake API.
 */
class HttpAuthPaginationBodiesTest {

  private FakeApiServer api;
  private InMemoryCredentialProvider credentials;
  private Engine engine;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApiServer();
    credentials =
        CredentialProvider.inMemory()
            .put(HttpRequest.BASIC, "shop", Map.of("user", "shop", "password", "pa55"))
            .put(HttpRequest.HEADER, "key", Map.of("name", "X-Api-Key", "value", "k-123"))
            .put(HttpRequest.BEARER, "static", Map.of("token", "at-static"))
            .put(
                HttpRequest.OAUTH2,
                "machine",
                Map.of(
                    "grantType",
                    "clientCredentials",
                    "tokenUrl",
                    api.url("/oauth/token"),
                    "clientId",
                    FakeApiServer.CLIENT_ID,
                    "clientSecret",
                    FakeApiServer.CLIENT_SECRET));
    engine =
        Engine.builder()
            .discoverNodeTypes(getClass().getClassLoader())
            .credentials(credentials)
            .build();
  }

  @AfterEach
  void stop() {
    engine.close();
    api.close();
  }

  private Execution run(
      Map<String, Object> parameters, String credentialType, String name, List<Item> input) {
    Workflow w =
        Workflow.named("http")
            .node(
                "call",
                NodeDefinition.of(HttpRequest.type(), parameters),
                o -> {
                  if (credentialType != null) {
                    o.credential(credentialType, name);
                  }
                })
            .build();
    Execution run = engine.start(w, input);
    run.await(Duration.ofSeconds(30));
    return run;
  }

  private Execution get(String path, String auth, String credentialType, String name) {
    return run(
        Map.of("url", api.url(path), "authentication", auth),
        credentialType,
        name,
        Item.listOf(Map.of()));
  }

  @Test
  void basic_header_and_bearer_credentials_authenticate_requests() {
    assertThat(get("/basic", "basic", HttpRequest.BASIC, "shop").output("call").get(0).json())
        .isEqualTo(Map.of("ok", "basic"));
    assertThat(get("/key", "header", HttpRequest.HEADER, "key").output("call").get(0).json())
        .isEqualTo(Map.of("ok", "key"));
    api.validTokens.add("at-static");
    assertThat(
            get("/api/me", "bearer", HttpRequest.BEARER, "static")
                .output("call")
                .get(0)
                .get("user"))
        .isEqualTo("ada");

    Execution wrong =
        run(
            Map.of("url", api.url("/basic"), "authentication", "basic"),
            HttpRequest.BASIC,
            "nobody",
            Item.listOf(Map.of()));
    assertThat(wrong.error().orElseThrow())
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("credential 'nobody' of type 'httpBasicAuth'");
    Execution unnamed = get("/basic", "basic", null, null);
    assertThat(unnamed.error().orElseThrow())
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("needs a credential of type 'httpBasicAuth'");
  }

  @Test
  void oauth2_client_credentials_gets_a_token_once_and_keeps_it_in_the_credential() {
    Execution run =
        run(
            Map.of("url", api.url("/api/me"), "authentication", "oauth2"),
            HttpRequest.OAUTH2,
            "machine",
            Item.listOf(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("call"))
        .hasSize(3)
        .allSatisfy(i -> assertThat(i.get("user")).isEqualTo("ada"));
    assertThat(api.tokenRequests).hasValue(1);
    Map<String, Object> stored = credentials.find(HttpRequest.OAUTH2, "machine").orElseThrow();
    assertThat(stored.get("accessToken")).isEqualTo(run.output("call").get(0).get("token"));
    assertThat(Instant.parse((String) stored.get("expiresAt")))
        .isAfter(Instant.now().plusSeconds(3000));
    assertThat(stored).containsEntry("clientSecret", FakeApiServer.CLIENT_SECRET);
  }

  @Test
  void oauth2_renews_an_expired_or_revoked_token() {
    Map<String, Object> cred =
        new LinkedHashMap<>(credentials.find(HttpRequest.OAUTH2, "machine").orElseThrow());
    cred.put("accessToken", "at-old");
    cred.put("expiresAt", Instant.now().minusSeconds(5).toString());
    credentials.put(HttpRequest.OAUTH2, "machine", cred);
    Execution expired = get("/api/me", "oauth2", HttpRequest.OAUTH2, "machine");
    assertThat(expired.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(api.tokenRequests).hasValue(1);

    String current =
        (String) credentials.find(HttpRequest.OAUTH2, "machine").orElseThrow().get("accessToken");
    api.validTokens.remove(current); // the provider revokes it before its expiry
    Execution revoked = get("/api/me", "oauth2", HttpRequest.OAUTH2, "machine");
    assertThat(revoked.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(api.tokenRequests).hasValue(2);
    assertThat(api.requests)
        .filteredOn(r -> r.equals("me Bearer " + current))
        .hasSize(2); // refused, then renewed
  }

  @Test
  void oauth2_authorization_code_credentials_refresh_and_keep_the_rotated_refresh_token() {
    api.validRefreshTokens.add("rt-first");
    credentials.put(
        HttpRequest.OAUTH2,
        "user",
        Map.of(
            "grantType", "authorizationCode",
            "tokenUrl", api.url("/oauth/token"),
            "clientId", FakeApiServer.CLIENT_ID,
            "clientSecret", FakeApiServer.CLIENT_SECRET,
            "clientAuthentication", "body",
            "accessToken", "at-expired",
            "expiresAt", "2026-01-01T00:00:00Z",
            "refreshToken", "rt-first"));

    Execution run = get("/api/me", "oauth2", HttpRequest.OAUTH2, "user");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> stored = credentials.find(HttpRequest.OAUTH2, "user").orElseThrow();
    assertThat((String) stored.get("refreshToken")).startsWith("rt-").isNotEqualTo("rt-first");
    assertThat(api.validRefreshTokens).containsExactly((String) stored.get("refreshToken"));

    credentials.put(
        HttpRequest.OAUTH2,
        "lost",
        Map.of(
            "grantType",
            "authorizationCode",
            "tokenUrl",
            api.url("/oauth/token"),
            "clientId",
            "x"));
    assertThat(get("/api/me", "oauth2", HttpRequest.OAUTH2, "lost").error().orElseThrow())
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("no refresh token");
  }

  @Test
  void oauth2_token_errors_name_the_oauth_error_and_never_the_secret() {
    credentials.put(
        HttpRequest.OAUTH2,
        "bad",
        Map.of(
            "tokenUrl",
            api.url("/oauth/token"),
            "clientId",
            FakeApiServer.CLIENT_ID,
            "clientSecret",
            "wrong-secret"));

    Execution run = get("/api/me", "oauth2", HttpRequest.OAUTH2, "bad");

    assertThat(run.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("HTTP 401, error 'invalid_client'")
        .hasMessageNotContaining("wrong-secret");
  }

  private List<Object> ids(Execution run) {
    assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    return run.output("call").stream().map(i -> i.get("id")).toList();
  }

  @Test
  void pagination_follows_next_urls_link_headers_offsets_and_cursors() {
    Execution next =
        run(
            Map.of(
                "url",
                api.url("/pages/next"),
                "pagination",
                Map.of("mode", "nextUrl", "itemsPath", "data", "nextUrlPath", "paging.next")),
            null,
            null,
            Item.listOf(Map.of()));
    Execution link =
        run(
            Map.of("url", api.url("/pages/link"), "pagination", Map.of("mode", "linkHeader")),
            null,
            null,
            Item.listOf(Map.of()));
    Execution offset =
        run(
            Map.of(
                "url", api.url("/pages/offset"),
                "pagination",
                    Map.of(
                        "mode",
                        "offset",
                        "itemsPath",
                        "results",
                        "limitParameter",
                        "limit",
                        "pageSize",
                        10)),
            null,
            null,
            Item.listOf(Map.of()));
    Execution cursor =
        run(
            Map.of(
                "url", api.url("/pages/cursor"),
                "pagination",
                    Map.of(
                        "mode",
                        "cursor",
                        "itemsPath",
                        "items",
                        "cursorPath",
                        "meta.next_cursor",
                        "cursorParameter",
                        "after")),
            null,
            null,
            Item.listOf(Map.of()));

    assertThat(ids(next)).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(ids(link)).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(ids(offset)).hasSize(25).startsWith(0, 1).endsWith(24);
    assertThat(ids(cursor)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void pagination_past_max_pages_fails_instead_of_dropping_results() {
    Execution endless =
        run(
            Map.of(
                "url", api.url("/pages/endless"),
                "pagination",
                    Map.of(
                        "mode",
                        "nextUrl",
                        "itemsPath",
                        "data",
                        "nextUrlPath",
                        "next",
                        "maxPages",
                        5)),
            null,
            null,
            Item.listOf(Map.of()));

    assertThat(endless.error().orElseThrow())
        .hasMessageContaining("more than 5 pages to follow from " + api.url("/pages/endless"));
  }

  @Test
  void multipart_bodies_carry_fields_and_streamed_files() {
    byte[] pdf = new byte[200_000];
    new java.util.Random(5).nextBytes(pdf);
    BinaryRef ref =
        engine
            .binaryStore()
            .write(new ByteArrayInputStream(pdf), "invoice \"7\".pdf", "application/pdf");
    Item item = Item.of(Map.of("customer", "Jürg")).withBinary("invoice", ref);

    Execution run =
        run(
            Map.of(
                "method",
                "POST",
                "url",
                api.url("/upload"),
                "bodyType",
                "multipart",
                "body",
                Map.of(
                    "customer",
                    "{{ $json.customer }}",
                    "file",
                    Map.of("binaryProperty", "invoice"))),
            null,
            null,
            List.of(item));

    assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> answer = run.output("call").get(0).json();
    assertThat(answer.get("fields")).isEqualTo(Map.of("customer", "Jürg"));
    assertThat(answer.get("files"))
        .isEqualTo(
            Map.of(
                "file",
                Map.of(
                    "filename",
                    "invoice %227%22.pdf",
                    "contentType",
                    "application/pdf",
                    "size",
                    pdf.length,
                    "sha256",
                    FakeApiServer.sha256(pdf))));
  }

  @Test
  void binary_bodies_stream_an_attachment_with_its_length_and_type() {
    byte[] data = "col1,col2\n1,2\n".repeat(5_000).getBytes(StandardCharsets.UTF_8);
    BinaryRef ref =
        engine.binaryStore().write(new ByteArrayInputStream(data), "rows.csv", "text/csv");

    Execution run =
        run(
            Map.of("method", "PUT", "url", api.url("/raw"), "bodyType", "binary", "body", "data"),
            null,
            null,
            List.of(Item.empty().withBinary("data", ref)));
    Execution missing =
        run(
            Map.of("method", "PUT", "url", api.url("/raw"), "bodyType", "binary", "body", "nope"),
            null,
            null,
            List.of(Item.empty().withBinary("data", ref)));

    assertThat(run.output("call").get(0).json())
        .containsEntry("size", data.length)
        .containsEntry("sha256", FakeApiServer.sha256(data))
        .containsEntry("contentType", "text/csv")
        .containsEntry("contentLength", String.valueOf(data.length));
    assertThat(missing.error().orElseThrow())
        .hasMessageContaining("item 0 has no attachment 'nope' (it has [data])");
  }

  @Test
  void pagination_parameters_are_checked_at_build_with_their_paths() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                engine.readWorkflow(
                    """
                    {"name": "bad", "nodes": [{"id": "n", "type": "httpRequest", "parameters": {
                      "url": "https://example.com", "fullResponse": true,
                      "pagination": {"mode": "offset", "pageSize": 0, "maxPages": 0, "itemsPath": 3}}}]}
                    """))
        .isInstanceOf(dev.tyboo.error.WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.pagination.pageSize")
        .hasMessageContaining("$.nodes[0].parameters.pagination.maxPages")
        .hasMessageContaining("$.nodes[0].parameters.pagination.itemsPath")
        .hasMessageContaining("cannot be combined with fullResponse");
  }

  @Test
  void an_access_token_whose_expiry_does_not_parse_is_renewed_not_trusted() {
    Map<String, Object> cred =
        new LinkedHashMap<>(credentials.find(HttpRequest.OAUTH2, "machine").orElseThrow());
    cred.put("accessToken", "at-unknown");
    cred.put("expiresAt", "next tuesday");
    credentials.put(HttpRequest.OAUTH2, "machine", cred);

    Execution run = get("/api/me", "oauth2", HttpRequest.OAUTH2, "machine");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(api.tokenRequests).hasValue(1);
    assertThat(api.requests).noneMatch(r -> r.contains("at-unknown"));
  }

  @Test
  void a_content_type_header_cannot_take_a_multipart_body_its_boundary() {
    Execution run =
        run(
            Map.of(
                "method", "POST",
                "url", api.url("/upload"),
                "headers", Map.of("Content-Type", "text/plain"),
                "bodyType", "multipart",
                "body", Map.of("note", "hi")),
            null,
            null,
            Item.listOf(Map.of()));

    assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("call").get(0).get("fields")).isEqualTo(Map.of("note", "hi"));
  }
}
