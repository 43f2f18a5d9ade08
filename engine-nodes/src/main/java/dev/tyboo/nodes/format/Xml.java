package dev.tyboo.nodes.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.json.JsonMappers;
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
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;

/**
 * Converts between XML and JSON (JSON type {@code xml}), with Jackson's XML data format:
 *
 * <ul>
 *   <li>{@code toJson}: parses the XML string in field {@code property} (default {@code data}) of
 *       each item into JSON, stored in {@code destination} (default: the same field);
 *   <li>{@code toXml}: writes the JSON value in field {@code property} as an XML string with root
 *       element {@code rootName}, into {@code destination};
 *   <li>{@code toItems}: reads the XML attachment {@code binaryProperty} of each item, one child
 *       element of the root at a time, into one item per child (streamed: a large file never sits
 *       in the heap);
 *   <li>{@code fromItems}: writes every item's JSON as a child element {@code itemName} of root
 *       {@code rootName}, into one XML attachment (streamed through a temporary file).
 * </ul>
 *
 * <p>XML has no types: values read from XML are strings; attributes become fields, and an element's
 * text next to attributes is under {@code ""}; repeated elements become lists. DTDs and external
 * entities are refused, so a document cannot make the node read files or URLs.
 */
public final class Xml implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "xml";

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final XmlMapper XML = safeMapper();
  private static final Pattern ELEMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");

  static final Xml INSTANCE = new Xml();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("XML")
          .description("Converts XML to JSON and back: fields, or attachments streamed as items")
          .property(
              PropertySpec.string("action")
                  .oneOf("toJson", "toXml", "toItems", "fromItems")
                  .required())
          .property(PropertySpec.string("property").withDefault("data"))
          .property(PropertySpec.string("destination").describedAs("default: property"))
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .property(PropertySpec.string("rootName").withDefault("root"))
          .property(PropertySpec.string("itemName").withDefault("item"))
          .property(PropertySpec.string("fileName").withDefault("data.xml"))
          .build();

  private Xml() {}

  private static XmlMapper safeMapper() {
    XMLInputFactory in = XMLInputFactory.newFactory();
    in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return new XmlMapper(new XmlFactory(in, XMLOutputFactory.newFactory()));
  }

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node parsing an XML string field into JSON, in place}
   *
   * @param field the field holding XML
   */
  public static NodeDefinition toJson(String field) {
    return NodeDefinition.of(INSTANCE, Map.of("action", "toJson", "property", field));
  }

  /**
   * {@return a node writing a JSON field as an XML string, in place}
   *
   * @param field the field holding JSON
   * @param rootName the root element's name
   */
  public static NodeDefinition toXml(String field, String rootName) {
    return NodeDefinition.of(
        INSTANCE, Map.of("action", "toXml", "property", field, "rootName", rootName));
  }

  /** {@return a node reading the {@code data} XML attachment into one item per child element} */
  public static NodeDefinition toItems() {
    return NodeDefinition.of(INSTANCE, Map.of("action", "toItems"));
  }

  /**
   * {@return a node writing all items as one XML attachment}
   *
   * @param rootName the root element's name
   * @param itemName each item's element name
   */
  public static NodeDefinition fromItems(String rootName, String itemName) {
    return NodeDefinition.of(
        INSTANCE, Map.of("action", "fromItems", "rootName", rootName, "itemName", itemName));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    for (String name : List.of("rootName", "itemName")) {
      if (parameters.get(name) instanceof String s
          && !s.contains("{{")
          && !ELEMENT_NAME.matcher(s).matches()) {
        problems.put(name, "must be an XML element name, was '" + s + "'");
      }
    }
    return problems;
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws IOException {
    return switch (ctx.stringParameter("action", 0)) {
      case "toItems" -> NodeResult.of(read(ctx));
      case "fromItems" -> NodeResult.of(List.of(write(ctx)));
      default -> NodeResult.of(convertFields(ctx));
    };
  }

  private static List<Item> convertFields(NodeContext ctx) {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      String action = ctx.stringParameter("action", i);
      String property = ctx.stringParameter("property", i);
      String destination = ctx.stringParameter("destination", i);
      Item item = input.get(i);
      Object converted;
      if ("toJson".equals(action)) {
        String xml = JsonPaths.requireText(ctx, i, property, "an XML string");
        try {
          converted = JSON.convertValue(XML.readTree(xml), Object.class);
        } catch (JacksonException e) {
          throw badXml(ctx, "field '" + property + "'", i, e);
        }
      } else {
        String root = ctx.stringParameter("rootName", i);
        try {
          converted =
              XML.writer()
                  .withRootName(root)
                  .writeValueAsString(JsonPaths.get(item.json(), property));
        } catch (JacksonException e) {
          throw new NonRetryableNodeException(
              "field '"
                  + property
                  + "' of item "
                  + i
                  + " cannot be written as XML: "
                  + e.getOriginalMessage(),
              e);
        }
      }
      Map<String, Object> json = JsonPaths.mutableCopy(item.json());
      JsonPaths.set(json, destination == null ? property : destination, converted);
      out.add(item.withJson(json));
    }
    return out;
  }

  private static List<Item> read(NodeContext ctx) throws IOException {
    List<Item> out = new ArrayList<>();
    List<Item> input = ctx.input();
    for (int i = 0; i < input.size(); i++) {
      String property = ctx.stringParameter("binaryProperty", i);
      BinaryRef ref = Attachments.required(ctx, i, property);
      try (InputStream in = ctx.binaries().open(ref);
          JsonParser parser = XML.getFactory().createParser(in)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          continue; // an empty root element
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String element = parser.currentName();
          parser.nextToken();
          JsonNode child = XML.readTree(parser);
          out.add(item(element, JSON.convertValue(child, Object.class)));
        }
      } catch (JacksonException e) {
        throw badXml(ctx, "attachment '" + property + "'", i, e);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Item item(String element, Object value) {
    if (value instanceof Map<?, ?> m) {
      return Item.of((Map<String, ?>) m);
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put(element, value);
    return Item.of(wrapped);
  }

  private static Item write(NodeContext ctx) throws IOException {
    String fileName = ctx.stringParameter("fileName", 0);
    String root = ctx.stringParameter("rootName", 0);
    String itemName = ctx.stringParameter("itemName", 0);
    BinaryRef ref =
        Attachments.writeThroughTempFile(
            ctx,
            fileName,
            "application/xml",
            out -> {
              try (ToXmlGenerator g = XML.getFactory().createGenerator(out)) {
                g.setNextName(new javax.xml.namespace.QName(root));
                g.writeStartObject();
                for (Item item : ctx.input()) {
                  g.writeFieldName(itemName);
                  XML.writeValue(g, item.json());
                }
                g.writeEndObject();
              }
            });
    return Item.of(Map.of("fileName", fileName, "items", ctx.input().size()))
        .withBinary(ctx.stringParameter("binaryProperty", 0), ref);
  }

  private static NonRetryableNodeException badXml(
      NodeContext ctx, String what, int i, JacksonException e) {
    return new NonRetryableNodeException(
        ""
            + what
            + " of item "
            + i
            + " is not well-formed XML (or declares a DTD, which is refused): "
            + e.getOriginalMessage(),
        e);
  }
}
