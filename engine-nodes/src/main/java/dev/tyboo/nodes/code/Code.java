package dev.tyboo.nodes.code;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.ScriptException;
import dev.tyboo.error.ScriptLimitException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.expression.NodeLookupView;
import dev.tyboo.spi.expression.NodeOutputView;
import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptFunction;
import dev.tyboo.spi.script.ScriptResult;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the user's JavaScript (or Python, when the host adds GraalPy) on the items (JSON type {@code
 * code}), in the engine's {@link dev.tyboo.spi.script.ScriptSandbox}: no host access, no I/O,
 * bounded time and memory.
 *
 * <p><b>Modes.</b> {@value #ALL_ITEMS} (the default) runs the code once; it reads {@code items}
 * (each {@code {json, binary}}) or {@code $input.all()} and returns an array. {@value #EACH_ITEM}
 * runs it once per item; it reads {@code $json} and returns one object, or {@code null} to drop the
 * item. Returned elements are items when they look like {@code {json: {...}}} (with an optional
 * {@code binary}), else they are taken as the item's JSON.
 *
 * <p><b>Helpers</b>, as in expressions: {@code $json}, {@code $binary}, {@code $itemIndex}, {@code
 * $input} ({@code all()}, {@code first()}, {@code last()}, {@code count()}, {@code item}), {@code
 * $node("id")} or {@code $node.id} ({@code json}, {@code binary}, {@code all()}, {@code first()},
 * {@code last()}, {@code count()}), {@code $vars}, {@code $execution}, {@code $workflow} and {@code
 * $now} (a {@code Date} from the engine's clock). {@code console.log} goes to the execution's log,
 * with the node's id. Binary attachments are passed by reference: an item may carry on an
 * attachment of an input item, never make one up.
 *
 * <p>Errors: {@link dev.tyboo.error.ScriptSyntaxException}, {@link
 * dev.tyboo.error.ScriptRuntimeException} (with line and, per item, the item's index) and {@link
 * ScriptLimitException}; none is retried.
 */
public final class Code {

  /** The JSON type name. */
  public static final String TYPE = "code";

  /** The mode that runs the code once for all items. */
  public static final String ALL_ITEMS = "runOnceForAllItems";

  /** The mode that runs the code once per item. */
  public static final String EACH_ITEM = "runOnceForEachItem";

  /** The {@code language} value for JavaScript. */
  public static final String JAVASCRIPT = "javaScript";

  /** The {@code language} value for Python. */
  public static final String PYTHON = "python";

  private static final Set<String> ITEM_KEYS = Set.of("json", "binary", "pairedItem");

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Code")
          .description("Runs JavaScript or Python on the items, in a sandbox")
          .property(
              PropertySpec.code("code")
                  .required()
                  .describedAs("the code: a function body that returns the items"))
          .property(
              PropertySpec.string("language")
                  .withDefault(JAVASCRIPT)
                  .oneOf(JAVASCRIPT, PYTHON)
                  .describedAs("javaScript, or python when the host adds GraalPy"))
          .property(
              PropertySpec.string("mode")
                  .withDefault(ALL_ITEMS)
                  .oneOf(ALL_ITEMS, EACH_ITEM)
                  .describedAs("run once for all items, or once for each item"))
          .property(
              PropertySpec.integer("maxItems")
                  .withDefault(100_000)
                  .describedAs("the most items the code may return"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Code::execute);

  private Code() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a Code node that runs JavaScript once for all items}
   *
   * @param code a function body that reads {@code items} or {@code $input.all()} and returns an
   *     array
   */
  public static NodeDefinition javaScript(String code) {
    return NodeDefinition.of(INSTANCE, Map.of("code", Objects.requireNonNull(code, "code")));
  }

  /**
   * {@return a Code node that runs JavaScript once per item}
   *
   * @param code a function body that reads {@code $json} and returns an object, or {@code null} to
   *     drop the item
   */
  public static NodeDefinition javaScriptPerItem(String code) {
    return NodeDefinition.of(
        INSTANCE, Map.of("code", Objects.requireNonNull(code, "code"), "mode", EACH_ITEM));
  }

  /**
   * {@return a Code node that runs Python once for all items; the host must add GraalPy}
   *
   * @param code a function body that reads {@code items} and returns a list
   */
  public static NodeDefinition python(String code) {
    return NodeDefinition.of(
        INSTANCE, Map.of("code", Objects.requireNonNull(code, "code"), "language", PYTHON));
  }

  /**
   * {@return a Code node that runs Python once per item; the host must add GraalPy}
   *
   * @param code a function body that reads {@code _json} and returns a dict, or {@code None}
   */
  public static NodeDefinition pythonPerItem(String code) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "code", Objects.requireNonNull(code, "code"), "language", PYTHON, "mode", EACH_ITEM));
  }

  private static NodeResult execute(NodeContext ctx) {
    String code = (String) ctx.rawParameters().get("code");
    String language =
        PYTHON.equals(ctx.stringParameter("language", 0)) ? Script.PYTHON : Script.JAVASCRIPT;
    boolean eachItem = EACH_ITEM.equals(ctx.stringParameter("mode", 0));
    int maxItems = ctx.parameter("maxItems", 0, Number.class).intValue();
    List<Item> input = ctx.input();

    Map<String, BinaryRef> attachments = new HashMap<>();
    List<Object> itemsJson = new ArrayList<>(input.size());
    for (Item item : input) {
      itemsJson.add(itemJson(item, attachments));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("items", itemsJson);
    data.put("vars", ctx.scripting().variable("$vars", 0));
    data.put("execution", ctx.scripting().variable("$execution", 0));
    data.put("workflow", ctx.scripting().variable("$workflow", 0));
    data.put("now", ctx.clock().now().toEpochMilli());
    AtomicInteger failedItem = new AtomicInteger(-1);
    ScriptFunction lookup = args -> lookup(ctx, input, args);
    ScriptFunction failed =
        args -> {
          failedItem.set(((Number) args.get(0)).intValue());
          return null;
        };

    String name = ctx.workflowName() + "/" + ctx.nodeId();
    // a warmed context serves only this node of this workflow, for this tenant
    Script script = CodeWrappers.wrap(language, eachItem, name, code).withDomain(ctx.tenant());
    ScriptResult result;
    try {
      result = ctx.scripting().scriptSandbox().run(script, List.of(data, lookup, failed));
    } catch (ScriptException e) {
      e.console().forEach(line -> ctx.log().info("console: {}", line));
      throw failedItem.get() >= 0 ? e.atItem(failedItem.get()) : e;
    }
    result.console().forEach(line -> ctx.log().info("console: {}", line));
    List<Item> out =
        eachItem
            ? perItemResults(result.value(), input, attachments, name)
            : allItemsResult(result.value(), attachments, name);
    if (out.size() > maxItems) {
      throw new ScriptLimitException(
          ScriptLimitException.Limit.OUTPUT,
          "returned " + out.size() + " items, more than maxItems " + maxItems,
          name,
          result.console(),
          -1);
    }
    return NodeResult.of(out);
  }

  private static Map<String, Object> itemJson(Item item, Map<String, BinaryRef> attachments) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("json", item.json());
    json.put("binary", binaryJson(item.binary(), attachments));
    return json;
  }

  private static Map<String, Object> binaryJson(
      Map<String, BinaryRef> binary, Map<String, BinaryRef> attachments) {
    Map<String, Object> out = new LinkedHashMap<>();
    binary.forEach(
        (name, ref) -> {
          if (attachments != null) {
            attachments.put(ref.id(), ref);
          }
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", ref.id());
          m.put("fileName", ref.fileName());
          m.put("mimeType", ref.mimeType());
          m.put("size", ref.size());
          out.put(name, m);
        });
    return out;
  }

  private static Object lookup(NodeContext ctx, List<Item> input, List<Object> args) {
    String nodeId = String.valueOf(args.get(0));
    int index = args.size() > 1 ? ((Number) args.get(1)).intValue() : 0;
    int scopeIndex = index < input.size() ? index : 0;
    NodeLookupView nodes = (NodeLookupView) ctx.scripting().variable("$node", scopeIndex);
    NodeOutputView view = nodes.call(nodeId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("json", view.getJson());
    @SuppressWarnings("unchecked")
    Map<String, BinaryRef> binary = (Map<String, BinaryRef>) view.getBinary();
    out.put("binary", binaryJson(binary, null));
    out.put("all", view.all());
    return out;
  }

  private static List<Item> allItemsResult(
      Object value, Map<String, BinaryRef> attachments, String name) {
    List<?> elements;
    if (value instanceof List<?> list) {
      elements = list;
    } else if (value instanceof Map<?, ?>) {
      elements = List.of(value);
    } else {
      throw new NonRetryableNodeException(
          "the code of '"
              + name
              + "' must return an array of items (or of objects), one per item to output, but"
              + " returned "
              + describe(value));
    }
    List<Item> out = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      Item item = toItem(elements.get(i), null, attachments, name, i);
      out.add(item);
    }
    return out;
  }

  private static List<Item> perItemResults(
      Object value, List<Item> input, Map<String, BinaryRef> attachments, String name) {
    List<?> results = (List<?>) value;
    List<Item> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      Object r = results.get(i);
      if (r == null) {
        continue;
      }
      if (r instanceof List<?>) {
        throw new NonRetryableNodeException(
            "the code of '"
                + name
                + "' runs once per item and must return one object (or null), but returned an"
                + " array",
            i,
            null);
      }
      out.add(toItem(r, input.get(i), attachments, name, i));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Item toItem(
      Object element, Item source, Map<String, BinaryRef> attachments, String name, int index) {
    if (!(element instanceof Map<?, ?> map)) {
      throw new NonRetryableNodeException(
          "the code of '"
              + name
              + "' returned "
              + describe(element)
              + " at index "
              + index
              + "; each item must be an object",
          index,
          null);
    }
    boolean isItem = map.get("json") instanceof Map<?, ?> && ITEM_KEYS.containsAll(map.keySet());
    if (!isItem) {
      return new Item((Map<String, Object>) map, source != null ? source.binary() : Map.of());
    }
    Map<String, Object> json = (Map<String, Object>) map.get("json");
    Object binary = map.get("binary");
    if (binary == null) {
      return new Item(
          json, source != null && !map.containsKey("binary") ? source.binary() : Map.of());
    }
    if (!(binary instanceof Map<?, ?> entries)) {
      throw new NonRetryableNodeException(
          "the code of '" + name + "' returned a binary that is not an object at index " + index,
          index,
          null);
    }
    Map<String, BinaryRef> refs = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : entries.entrySet()) {
      Object id = e.getValue() instanceof Map<?, ?> m ? m.get("id") : null;
      BinaryRef ref = id instanceof String s ? attachments.get(s) : null;
      if (ref == null) {
        throw new NonRetryableNodeException(
            "the code of '"
                + name
                + "' returned binary '"
                + e.getKey()
                + "' at index "
                + index
                + ", which is not an attachment of an input item (code can pass attachments on,"
                + " not make them)",
            index,
            null);
      }
      refs.put(String.valueOf(e.getKey()), ref);
    }
    return new Item(json, refs);
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing (null)";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return value instanceof List<?> ? "an array" : "an object";
  }
}
