package dev.tyboo.nodes.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.BlockedAddressException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RSS Read against feeds served by WireMock: RSS 2.0, Atom, hostile and broken ones. */
class RssReadTest {

  private static final String RSS =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel>
          <title>Liftoff News</title>
          <link>http://liftoff.msfc.nasa.gov/</link>
          <item>
            <title>Star City</title>
            <link>http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp</link>
            <description><![CDATA[How do Americans get <b>ready</b> to work with Russians?]]></description>
            <pubDate>Tue, 03 Jun 2003 09:39:21 GMT</pubDate>
            <guid>http://liftoff.msfc.nasa.gov/2003/06/03.html#item573</guid>
            <dc:creator>Ada</dc:creator>
            <category>space</category>
            <category>people</category>
            <enclosure url="http://example.com/a.mp3" length="1234" type="audio/mpeg"/>
          </item>
          <item>
            <title>Sky watchers</title>
            <link>http://liftoff.msfc.nasa.gov/news/2003/news-sky.asp</link>
            <pubDate>not a date</pubDate>
          </item>
          <item><title>Third</title></item>
        </channel>
      </rss>
      """;

  private static final String ATOM =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom">
        <title>Example Feed</title>
        <entry>
          <title>Atom-Powered Robots Run Amok</title>
          <link rel="edit" href="http://example.org/edit/1"/>
          <link href="http://example.org/2003/12/13/atom03"/>
          <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
          <updated>2003-12-13T18:30:02Z</updated>
          <summary>Some text.</summary>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>robots</b></p></div></content>
          <author><name>John Doe</name><email>johndoe@example.com</email></author>
          <category term="robots"/>
          <source><title>Not the entry title</title></source>
        </entry>
      </feed>
      """;

  private final WireMockServer server =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private Engine engine;

  @BeforeEach
  void start() {
    server.start();
    engine = Engine.builder().nodeType(RssRead.type()).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() {
    engine.close();
    server.stop();
  }

  private void serve(String path, int status, String body) {
    server.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/rss+xml")
                    .withBody(body)));
  }

  private static Execution run(Engine engine, NodeDefinition node) {
    Execution e =
        engine.start(Workflow.named("feed").node("feed", node).build(), List.of(Item.empty()));
    e.await(Duration.ofSeconds(20));
    return e;
  }

  private Execution read(String path, Map<String, Object> more) {
    Map<String, Object> p = new java.util.HashMap<>(more);
    p.put("url", server.baseUrl() + path);
    return run(engine, NodeDefinition.of(RssRead.type(), p));
  }

  @Test
  void reads_rss_2_items_with_dates_categories_and_enclosures() {
    serve("/rss", 200, RSS);
    Execution run = read("/rss", Map.of());
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<Item> items = run.output("feed");
    assertThat(items).hasSize(3);
    assertThat(items.getFirst().json())
        .containsEntry("title", "Star City")
        .containsEntry("link", "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp")
        .containsEntry("description", "How do Americans get <b>ready</b> to work with Russians?")
        .containsEntry("published", "2003-06-03T09:39:21Z")
        .containsEntry("guid", "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573")
        .containsEntry("author", "Ada")
        .containsEntry("categories", List.of("space", "people"))
        .containsEntry(
            "enclosure",
            Map.of("url", "http://example.com/a.mp3", "type", "audio/mpeg", "length", "1234"));
    assertThat(items.get(1).json()).containsEntry("published", "not a date");

    Execution two = read("/rss", Map.of("maxItems", 2));
    assertThat(two.output("feed")).hasSize(2);
  }

  @Test
  void reads_atom_entries_with_the_alternate_link_and_the_author_name() {
    serve("/atom", 200, ATOM);
    Execution run = read("/atom", Map.of());
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("feed").getFirst().json())
        .containsEntry("title", "Atom-Powered Robots Run Amok")
        .containsEntry("link", "http://example.org/2003/12/13/atom03")
        .containsEntry("guid", "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")
        .containsEntry("published", "2003-12-13T18:30:02Z")
        .containsEntry("description", "Some text.")
        .containsEntry("content", "Hello robots")
        .containsEntry("author", "John Doe")
        .containsEntry("categories", List.of("robots"));
  }

  @Test
  void a_dtd_a_page_that_is_no_feed_and_a_feed_over_max_bytes_fail_without_retry() {
    serve(
        "/xxe",
        200,
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<rss><channel><item><title>&x;</title></item></channel></rss>");
    Execution xxe = read("/xxe", Map.of());
    assertThat(xxe.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageNotContaining("root:");

    serve("/html", 200, "<html><body>hello</body></html>");
    assertThat(read("/html", Map.of()).error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("not a feed");

    serve("/big", 200, RSS);
    assertThat(read("/big", Map.of("maxBytes", 200)).error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("maxBytes");
  }

  @Test
  void rate_limits_and_server_errors_are_retryable_other_statuses_final() {
    server.stubFor(
        get(urlPathEqualTo("/busy"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
    RetryableNodeException busy =
        (RetryableNodeException) read("/busy", Map.of()).error().orElseThrow();
    assertThat(busy.retryAfter()).contains(Duration.ofSeconds(120));
    serve("/down", 503, "");
    assertThat(read("/down", Map.of()).error().orElseThrow())
        .isInstanceOf(RetryableNodeException.class);
    serve("/gone", 404, "");
    assertThat(read("/gone", Map.of()).error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("404");
  }

  @Test
  void the_engine_network_policy_is_checked_for_every_feed() {
    serve("/rss", 200, RSS);
    try (Engine guarded =
        Engine.builder()
            .nodeType(RssRead.type())
            .networkPolicy(NetworkPolicy.privateNetworksBlocked())
            .retryPolicy(RetryPolicy.none())
            .build()) {
      Execution run = run(guarded, RssRead.url(server.baseUrl() + "/rss"));
      assertThat(run.error().orElseThrow()).isInstanceOf(BlockedAddressException.class);
    }
    assertThat(server.getAllServeEvents()).isEmpty();
  }
}
