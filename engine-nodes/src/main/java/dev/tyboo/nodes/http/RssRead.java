package dev.tyboo.nodes.http;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.internal.BoundedInputStream;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed (JSON type {@code rssRead}) and emits one item per
 * entry: {@code title}, {@code link}, {@code description} (RSS description, Atom summary or
 * content), {@code published} (ISO-8601 when the date can be read, else as written), {@code guid}
 * (RSS guid, Atom id), {@code author}, {@code categories}, and {@code content} and {@code
 * enclosure} ({@code url}, {@code type}, {@code length}) when the entry has them. At most {@code
 * maxItems} entries, in the feed's order.
 *
 * <p>The feed is fetched through the engine's network policy when it blocks private networks for
 * the workflow's tenant (every redirect hop checked, the checked address pinned), as HTTP Request
 * is, and parsed as a stream, at most {@code maxBytes}; DTDs and external entities are refused. 429
 * and 5xx are retryable (with {@code Retry-After}), other statuses and a body that is no feed fail
 * without retry.
 */
public final class RssRead {

  /** The JSON type name. */
  public static final String TYPE = "rssRead";

  /**
   * The node's parameters.
   *
   * @param url the feed's URL
   * @param maxItems the most entries emitted
   * @param maxBytes the longest feed read
   */
  record Parameters(
      @Param(required = true) String url,
      @Param(defaultValue = "100") int maxItems,
      @Param(defaultValue = "5242880") long maxBytes) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("RSS Read")
              .description("Reads an RSS or Atom feed: one item per entry")
              .parameters(Parameters.class)
              .build(),
          RssRead::execute);

  private static final GuardedEgress EGRESS = new GuardedEgress();

  private static final java.net.http.HttpClient PLAIN =
      java.net.http.HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
          .build();

  private static final XMLInputFactory XML = XMLInputFactory.newFactory();

  static {
    XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XML.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  private RssRead() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that reads a feed}
   *
   * @param url the feed's URL; may be an expression
   */
  public static NodeDefinition url(String url) {
    return NodeDefinition.of(INSTANCE, Map.of("url", Objects.requireNonNull(url, "url")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      if (p.maxItems() < 1 || p.maxBytes() < 1) {
        throw new NonRetryableNodeException("maxItems and maxBytes must be positive", i, null);
      }
      URI uri;
      try {
        uri = new URI(p.url());
      } catch (java.net.URISyntaxException e) {
        throw new NonRetryableNodeException("parameter 'url' is not a URL: " + p.url(), i, e);
      }
      int item = i;
      GuardedEgress.Hop hop =
          (at, method, sameOrigin, withBody) ->
              java.net.http.HttpRequest.newBuilder(at)
                  .timeout(Duration.ofSeconds(30))
                  .header(
                      "Accept",
                      "application/rss+xml, application/atom+xml, application/xml;q=0.9,"
                          + " text/xml;q=0.8")
                  .GET()
                  .build();
      HttpResponse<InputStream> response;
      try {
        response =
            ctx.networkPolicy().blocksPrivateNetworks(ctx.tenant())
                ? EGRESS.send(ctx, i, uri, "GET", hop, HttpResponse.BodyHandlers.ofInputStream())
                : PLAIN.send(
                    hop.build(uri, "GET", true, false), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new RetryableNodeException("" + uri + " failed: " + e, item, null, e);
      }
      try (InputStream body = response.body()) {
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
          Duration wait = dev.tyboo.nodes.internal.RetryAfter.of(response.headers()).orElse(null);
          throw new RetryableNodeException("" + uri + " answered HTTP " + status, i, wait, null);
        }
        if (status >= 300) {
          throw new NonRetryableNodeException("" + uri + " answered HTTP " + status, i, null);
        }
        BoundedInputStream bounded = new BoundedInputStream(body, p.maxBytes(), null, false);
        try {
          out.addAll(entries(bounded, p.maxItems()));
        } catch (XMLStreamException | RuntimeException e) {
          if (bounded.exceeded()) {
            throw new NonRetryableNodeException(
                "the feed at " + uri + " is larger than maxBytes " + p.maxBytes(), i, null);
          }
          throw new NonRetryableNodeException(
              "" + uri + " is not a readable RSS or Atom feed: " + e.getMessage(), i, null);
        }
      } catch (IOException e) {
        throw new RetryableNodeException("reading " + uri + " failed: " + e, i, null, e);
      }
    }
    return NodeResult.of(out);
  }

  /** Reads the entries of a feed; the reader stops once it has {@code max}. */
  static List<Item> entries(InputStream in, int max) throws XMLStreamException {
    XMLStreamReader r = XML.createXMLStreamReader(in);
    List<Item> items = new ArrayList<>();
    try {
      String root = null;
      Map<String, Object> entry = null;
      List<String> categories = null;
      while (r.hasNext() && items.size() < max) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          if (root == null) {
            root = name;
            if (!root.equals("rss") && !root.equals("feed") && !root.equals("RDF")) {
              throw new XMLStreamException("the document's root is <" + root + ">, not a feed");
            }
          } else if (entry == null && (name.equals("item") || name.equals("entry"))) {
            entry = new LinkedHashMap<>();
            categories = new ArrayList<>();
          } else if (entry != null) {
            read(r, name, entry, categories);
          }
        } else if (event == XMLStreamConstants.END_ELEMENT
            && entry != null
            && (r.getLocalName().equals("item") || r.getLocalName().equals("entry"))) {
          entry.put("categories", List.copyOf(categories));
          items.add(Item.of(entry));
          entry = null;
        }
      }
      if (root == null) {
        throw new XMLStreamException("the document is empty");
      }
      return items;
    } finally {
      r.close();
    }
  }

  private static void read(
      XMLStreamReader r, String name, Map<String, Object> entry, List<String> categories)
      throws XMLStreamException {
    switch (name) {
      case "title" -> entry.putIfAbsent("title", text(r));
      case "link" -> {
        String href = r.getAttributeValue(null, "href"); // Atom
        String rel = r.getAttributeValue(null, "rel");
        if (href != null) {
          if (rel == null || rel.equals("alternate")) {
            entry.putIfAbsent("link", href);
          }
          text(r);
        } else {
          entry.putIfAbsent("link", text(r));
        }
      }
      case "description", "summary" -> entry.putIfAbsent("description", text(r));
      case "content", "encoded" -> entry.put("content", text(r));
      case "pubDate", "published", "updated", "date" ->
          entry.putIfAbsent("published", date(text(r)));
      case "guid", "id" -> entry.putIfAbsent("guid", text(r));
      case "enclosure" -> {
        Map<String, Object> enclosure = new LinkedHashMap<>();
        enclosure.put("url", r.getAttributeValue(null, "url"));
        enclosure.put("type", r.getAttributeValue(null, "type"));
        enclosure.put("length", r.getAttributeValue(null, "length"));
        entry.putIfAbsent("enclosure", enclosure);
        text(r);
      }
      case "author", "creator" -> {
        String text = author(r);
        if (!text.isBlank()) {
          entry.putIfAbsent("author", text);
        }
      }
      case "category" -> {
        String term = r.getAttributeValue(null, "term"); // Atom
        String text = text(r);
        categories.add(term != null ? term : text);
      }
      default -> text(r); // an element the item does not show, skipped whole
    }
  }

  /** The text of an element and its children, tags dropped (Atom's XHTML content). */
  private static String text(XMLStreamReader r) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
        text.append(r.getText());
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT && depth-- == 0) {
        break;
      }
    }
    return text.toString().strip();
  }

  /** An RSS author's text, or an Atom author's {@code name}. */
  private static String author(XMLStreamReader r) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    String name = null;
    int depth = 0;
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.CHARACTERS && depth == 0) {
        text.append(r.getText());
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        if (depth == 0 && r.getLocalName().equals("name")) {
          name = text(r);
        } else {
          depth++;
        }
      } else if (event == XMLStreamConstants.END_ELEMENT && depth-- == 0) {
        break;
      }
    }
    return name != null ? name : text.toString().strip();
  }

  private static String date(String text) {
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
          .toOffsetDateTime()
          .toString();
    } catch (DateTimeParseException notRfc822) {
      try {
        return OffsetDateTime.parse(text).toString();
      } catch (DateTimeParseException notIso) {
        return text;
      }
    }
  }
}
