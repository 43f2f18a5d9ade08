package dev.tyboo.nodes.format;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.nodes.internal.JsonPaths;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/**
 * Extracts values from HTML with CSS selectors (JSON type {@code htmlExtract}), with jsoup: the
 * basic scraper behind an HTTP Request.
 *
 * <p>The HTML comes from the field {@code property} (default {@code data}) or, with {@code source}
 * = {@code attachment}, from the attachment {@code property} (read whole, up to {@code maxBytes},
 * 10 MiB by default). {@code extract} lists {@code {"key", "selector", "returnValue", "attribute",
 * "all"}}: the first matching element's (or with {@code all}, every one's) text, inner HTML, outer
 * HTML, an attribute, or a form value, stored under {@code key} (a dot path) in the item; a
 * selector that matches nothing gives {@code null} (or an empty list).
 *
 * <pre>{@code
 * .node("scrape", HtmlExtract.builder()
 *     .text("title", "h1")
 *     .attribute("links", "a.product", "href", true)
 *     .build())
 * }</pre>
 */
public final class HtmlExtract implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "htmlExtract";

  private static final Set<String> RETURN_VALUES =
      Set.of("text", "html", "outerHtml", "attribute", "value");
  private static final Set<String> RULE_FIELDS =
      Set.of("key", "selector", "returnValue", "attribute", "all");

  static final HtmlExtract INSTANCE = new HtmlExtract();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("HTML Extract")
          .description("Extracts text, HTML or attributes from HTML with CSS selectors")
          .property(PropertySpec.string("source").oneOf("field", "attachment").withDefault("field"))
          .property(PropertySpec.string("property").withDefault("data"))
          .property(
              PropertySpec.array("extract")
                  .required()
                  .describedAs(
                      "[{\"key\": \"title\", \"selector\": \"h1\", \"returnValue\":"
                          + " \"text\"|\"html\"|\"outerHtml\"|\"attribute\"|\"value\", \"attribute\":"
                          + " \"href\", \"all\": false}]"))
          .property(PropertySpec.integer("maxBytes").withDefault(10 * 1024 * 1024))
          .build();

  private HtmlExtract() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a builder of HTML Extract nodes reading the field {@code data}} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!(parameters.get("extract") instanceof List<?> rules)) {
      return problems;
    }
    if (rules.isEmpty()) {
      problems.put("extract", "lists nothing to extract");
    }
    for (int i = 0; i < rules.size(); i++) {
      String at = "extract[" + i + "]";
      if (!(rules.get(i) instanceof Map<?, ?> rule)) {
        problems.put(at, "must be {\"key\": ..., \"selector\": ...}");
        continue;
      }
      for (Object field : rule.keySet()) {
        if (!RULE_FIELDS.contains(field)) {
          problems.put(at + "." + field, "is not a rule field " + RULE_FIELDS);
        }
      }
      if (!(rule.get("key") instanceof String key) || key.isBlank()) {
        problems.put(at + ".key", "is required");
      }
      if (!(rule.get("selector") instanceof String selector)) {
        problems.put(at + ".selector", "is required");
      } else if (!selector.contains("{{")) {
        try {
          Selector.evaluatorOf(selector);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
          problems.put(at + ".selector", "is not a CSS selector: " + e.getMessage());
        }
      }
      Object returnValue = rule.get("returnValue");
      if (returnValue != null && !RETURN_VALUES.contains(returnValue)) {
        problems.put(
            at + ".returnValue", "must be one of " + RETURN_VALUES + ", was " + returnValue);
      }
      if ("attribute".equals(returnValue) && !(rule.get("attribute") instanceof String)) {
        problems.put(at + ".attribute", "is required with returnValue 'attribute'");
      }
    }
    return problems;
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws IOException {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      Document doc = document(ctx, i);
      List<?> rules = ctx.parameter("extract", i, List.class);
      Map<String, Object> json = JsonPaths.mutableCopy(input.get(i).json());
      for (Object r : rules) {
        Map<?, ?> rule = (Map<?, ?>) r;
        Elements found = doc.select(String.valueOf(rule.get("selector")));
        String returnValue = Objects.toString(rule.get("returnValue"), "text");
        String attribute = (String) rule.get("attribute");
        Object value;
        if (Boolean.TRUE.equals(rule.get("all"))) {
          List<Object> all = new ArrayList<>(found.size());
          for (Element e : found) {
            all.add(value(e, returnValue, attribute));
          }
          value = all;
        } else {
          value = found.isEmpty() ? null : value(found.first(), returnValue, attribute);
        }
        JsonPaths.set(json, (String) rule.get("key"), value);
      }
      out.add(input.get(i).withJson(json));
    }
    return NodeResult.of(out);
  }

  private static Document document(NodeContext ctx, int i) throws IOException {
    String property = ctx.stringParameter("property", i);
    if ("attachment".equals(ctx.stringParameter("source", i))) {
      BinaryRef ref = Attachments.required(ctx, i, property);
      long max = ctx.parameter("maxBytes", i, Number.class).longValue();
      if (ref.size() > max) {
        throw new NonRetryableNodeException(
            "attachment '"
                + property
                + "' of item "
                + i
                + " has "
                + ref.size()
                + " bytes, more than maxBytes ("
                + max
                + ")");
      }
      try (InputStream in = ctx.binaries().open(ref)) {
        return Jsoup.parse(in, null, "");
      }
    }
    return Jsoup.parse(JsonPaths.requireText(ctx, i, property, "an HTML string"));
  }

  private static String value(Element e, String returnValue, String attribute) {
    return switch (returnValue) {
      case "html" -> e.html();
      case "outerHtml" -> e.outerHtml();
      case "attribute" -> e.hasAttr(attribute) ? e.attr(attribute) : null;
      case "value" -> e.val();
      default -> e.text();
    };
  }

  /** Builds an HTML Extract node. Not thread-safe. */
  public static final class Builder {
    private final List<Map<String, Object>> rules = new ArrayList<>();
    private String source = "field";
    private String property = "data";

    private Builder() {}

    /**
     * {@return this builder, reading the HTML from an attachment}
     *
     * @param name the attachment's name
     */
    public Builder fromAttachment(String name) {
      this.source = "attachment";
      this.property = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * {@return this builder, reading the HTML from a field}
     *
     * @param path the field's dot path
     */
    public Builder fromField(String path) {
      this.source = "field";
      this.property = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param key where to store it
     * @param selector a CSS selector
     */
    public Builder text(String key, String selector) {
      return rule(key, selector, "text", null, false);
    }

    /**
     * {@return this builder}
     *
     * @param key where to store it
     * @param selector a CSS selector
     * @param attribute the attribute to read
     * @param all every match as a list, or only the first
     */
    public Builder attribute(String key, String selector, String attribute, boolean all) {
      return rule(key, selector, "attribute", Objects.requireNonNull(attribute, "attribute"), all);
    }

    /**
     * {@return this builder}
     *
     * @param key where to store it
     * @param selector a CSS selector
     * @param returnValue text, html, outerHtml, attribute or value
     * @param attribute the attribute for returnValue attribute, else {@code null}
     * @param all every match as a list, or only the first
     */
    public Builder rule(
        String key, String selector, String returnValue, String attribute, boolean all) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("key", Objects.requireNonNull(key, "key"));
      rule.put("selector", Objects.requireNonNull(selector, "selector"));
      rule.put("returnValue", Objects.requireNonNull(returnValue, "returnValue"));
      if (attribute != null) {
        rule.put("attribute", attribute);
      }
      rule.put("all", all);
      rules.add(rule);
      return this;
    }

    /** {@return the node} */
    public NodeDefinition build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException("an HTML Extract node needs at least one rule");
      }
      return NodeDefinition.of(
          INSTANCE, Map.of("source", source, "property", property, "extract", List.copyOf(rules)));
    }
  }
}
