package dev.tyboo.nodes.storage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLDecoder;
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
 * The S3 node against WireMock answering as the S3 API reference documents (path-style URLs,
 * ListObjectsV2 XML with continuation tokens, XML errors); every request's signature is checked
 * against what was actually sent: the headers it names, its path and query, recomputed.
 */
class S3Test {

  private final WireMockServer s3 =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private Engine engine;

  @BeforeEach
  void start() {
    s3.start();
    engine =
        Engine.builder()
            .nodeType(S3.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "s3",
                        "minio",
                        Map.of(
                            "accessKeyId", "AKIDTYBOO",
                            "secretAccessKey", "s3cr3t/Key+value",
                            "region", "eu-west-3",
                            "endpoint", s3.baseUrl())))
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    for (LoggedRequest request :
        s3.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()))) {
      assertSignedAsSent(request);
    }
    engine.close();
    s3.stop();
  }

  /** Recomputes the signature from the request as it arrived: signed and sent must agree. */
  private static void assertSignedAsSent(LoggedRequest request) {
    String authorization = request.getHeader("Authorization");
    assertThat(authorization)
        .matches(
            "AWS4-HMAC-SHA256 Credential=AKIDTYBOO/\\d{8}/eu-west-3/s3/aws4_request,"
                + "SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}");
    String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : signedHeaders.split(";")) {
      assertThat(request.getHeader(name))
          .as("signed header %s of %s: %s", name, request.getUrl(), request.getHeaders())
          .isNotNull();
      headers.put(name, request.getHeader(name));
    }
    String url = request.getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    Map<String, String> query = new LinkedHashMap<>();
    if (url.contains("?")) {
      for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    Instant at = SigV4.AMZ_DATE.parse(request.getHeader("x-amz-date"), Instant::from);
    assertThat(
            SigV4.authorization(
                request.getMethod().getName(),
                path,
                query,
                headers,
                request.getHeader("x-amz-content-sha256"),
                "AKIDTYBOO",
                "s3cr3t/Key+value",
                "eu-west-3",
                "s3",
                at))
        .as("the signature covers the request as sent: %s", url)
        .isEqualTo(authorization);
  }

  private Execution run(NodeDefinition node, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("s3").node("s3", node, o -> o.credential("s3", "minio")).build(), items);
    e.await(Duration.ofSeconds(20));
    return e;
  }

  private Execution run(Map<String, Object> parameters) {
    return run(NodeDefinition.of(S3.type(), parameters), List.of(Item.empty()));
  }

  @Test
  void puts_an_attachment_streamed_unsigned_payload_with_its_length() {
    byte[] content = "%PDF-1.7 invoice 7".getBytes(StandardCharsets.UTF_8);
    BinaryRef ref =
        engine.binaryStore().write(new ByteArrayInputStream(content), "7.pdf", "application/pdf");
    s3.stubFor(
        put(urlPathEqualTo("/invoices/2026/7%20final.pdf"))
            .withHeader("x-amz-content-sha256", equalTo("UNSIGNED-PAYLOAD"))
            .withHeader("Content-Type", equalTo("application/pdf"))
            .withHeader("x-amz-date", matching("\\d{8}T\\d{6}Z"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("ETag", "\"9b2cf535f27731c974343645a3985328\"")));
    Execution run =
        run(
            S3.put("invoices", "2026/{{ $json.id }} final.pdf"),
            List.of(Item.of(Map.of("id", 7)).withBinary("data", ref)));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("s3").getFirst().json())
        .containsEntry("key", "2026/7 final.pdf")
        .containsEntry("etag", "\"9b2cf535f27731c974343645a3985328\"")
        .containsEntry("size", (long) content.length);
    LoggedRequest sent = s3.getAllServeEvents().getFirst().getRequest();
    assertThat(sent.getBody()).isEqualTo(content);
    assertThat(sent.getHeader("Content-Length")).isEqualTo(Integer.toString(content.length));
  }

  @Test
  void gets_an_object_into_the_binary_store() throws Exception {
    s3.stubFor(
        get(urlPathEqualTo("/invoices/a.csv"))
            .withHeader("x-amz-content-sha256", equalTo(SigV4.EMPTY_SHA256))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/csv")
                    .withHeader("ETag", "\"e1\"")
                    .withBody("id\n1\n")));
    Execution run = run(Map.of("operation", "get", "bucket", "invoices", "key", "a.csv"));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Item item = run.output("s3").getFirst();
    assertThat(item.json()).containsEntry("contentType", "text/csv").containsEntry("size", 5L);
    try (InputStream in = engine.binaryStore().open(item.binary().get("data"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("id\n1\n");
    }
  }

  @Test
  void lists_every_page_of_list_objects_v2() {
    s3.stubFor(
        get(urlPathEqualTo("/invoices/"))
            .withQueryParam("list-type", equalTo("2"))
            .withQueryParam("prefix", equalTo("2026/"))
            .withQueryParam("continuation-token", absent())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/xml")
                    .withBody(
                        """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                          <Name>invoices</Name><Prefix>2026/</Prefix><KeyCount>2</KeyCount>
                          <MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>
                          <Contents><Key>2026/1.pdf</Key><LastModified>2026-01-02T10:00:00.000Z</LastModified>
                            <ETag>"a1"</ETag><Size>100</Size><StorageClass>STANDARD</StorageClass></Contents>
                          <Contents><Key>2026/2.pdf</Key><LastModified>2026-01-03T10:00:00.000Z</LastModified>
                            <ETag>"a2"</ETag><Size>200</Size><StorageClass>STANDARD</StorageClass></Contents>
                          <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
                        </ListBucketResult>
                        """)));
    s3.stubFor(
        get(urlPathEqualTo("/invoices/"))
            .withQueryParam(
                "continuation-token", equalTo("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>2026/3.pdf</Key>"
                            + "<Size>300</Size></Contents></ListBucketResult>")));
    Execution run = run(Map.of("operation", "list", "bucket", "invoices", "prefix", "2026/"));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("s3"))
        .extracting(i -> i.json().get("key"))
        .containsExactly("2026/1.pdf", "2026/2.pdf", "2026/3.pdf");
    assertThat(run.output("s3").getFirst().json())
        .containsEntry("size", 100L)
        .containsEntry("etag", "\"a1\"");
  }

  @Test
  void deletes_and_types_s3_errors() {
    s3.stubFor(delete(urlPathEqualTo("/invoices/old.pdf")).willReturn(aResponse().withStatus(204)));
    assertThat(
            run(Map.of("operation", "delete", "bucket", "invoices", "key", "old.pdf"))
                .output("s3")
                .getFirst()
                .json())
        .containsEntry("deleted", true);

    s3.stubFor(
        get(urlPathEqualTo("/invoices/missing.pdf"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key"
                            + " does not exist.</Message><Key>missing.pdf</Key></Error>")));
    assertThat(
            run(Map.of("operation", "get", "bucket", "invoices", "key", "missing.pdf"))
                .error()
                .orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("NoSuchKey");
    s3.stubFor(
        get(urlPathEqualTo("/invoices/denied.pdf"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>")));
    assertThat(
            run(Map.of("operation", "get", "bucket", "invoices", "key", "denied.pdf"))
                .error()
                .orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("SignatureDoesNotMatch")
        .hasMessageNotContaining("s3cr3t");
    s3.stubFor(
        get(urlPathEqualTo("/invoices/busy.pdf"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "3")
                    .withBody(
                        "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>")));
    RetryableNodeException slow =
        (RetryableNodeException)
            run(Map.of("operation", "get", "bucket", "invoices", "key", "busy.pdf"))
                .error()
                .orElseThrow();
    assertThat(slow.retryAfter()).contains(Duration.ofSeconds(3));

    s3.resetRequests();
    assertThat(
            run(Map.of("operation", "get", "bucket", "../etc", "key", "x")).error().orElseThrow())
        .hasMessageContaining("parameter 'bucket'");
    assertThat(s3.getAllServeEvents()).isEmpty();
  }
}
