package dev.tyboo.ai.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for four providers' APIs, at the paths and with the shapes their documentation
 * gives: OpenAI ({@code POST /v1/chat/completions}, {@code /v1/embeddings}; Bearer key), Anthropic
 * ({@code POST /v1/messages}; {@code x-api-key}, {@code anthropic-version}), Gemini ({@code POST
 * /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse}, {@code
 * :batchEmbedContents} and {@code :embedContent}; {@code x-goog-api-key} or {@code ?key=}) and
 * Ollama ({@code POST /api/chat}, {@code /api/embed}; NDJSON streaming).
 *
 * <p>A request that breaks the documented contract (wrong path, missing key or version header,
 * missing model or messages, a JSON body that does not parse) gets 400 and is recorded as a
 * violation, which tests assert to be empty. Scripted answers are taken from a queue: {@link
 * Answer#OK} when empty.
 */
public final class FakeModelApis implements AutoCloseable {

  /** The key every provider accepts. */
  public static final String KEY = "test-key-123";

  /** What the next call answers. */
  public enum Answer {
    OK,
    TOOL_CALL,
    JSON,
    UNAUTHORIZED,
    RATE_LIMITED,
    SERVER_ERROR,
    UNKNOWN_MODEL,
    MALFORMED,
    /** Answers OK after two seconds. */
    SLOW
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  public final List<String> violations = new CopyOnWriteArrayList<>();
  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  public final List<String> paths = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

  /** Starts the server on a free loopback port. */
  public FakeModelApis() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@return the base URL of a provider's API here} */
  public String baseUrl(String provider) {
    String root = "http://127.0.0.1:" + server.getAddress().getPort();
    return switch (provider) {
      case "openai", "openai-compatible" -> root + "/v1";
      case "anthropic" -> root + "/v1";
      case "gemini" -> root + "/v1beta";
      case "ollama" -> root;
      default -> throw new IllegalArgumentException(provider);
    };
  }

  /** Queues answers for the next calls. */
  public void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getRawQuery();
      paths.add(path + (query == null ? "" : "?" + query));
      if (!ex.getRequestMethod().equals("POST")) {
        reject(ex, "method " + ex.getRequestMethod() + " on " + path);
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(ex.getRequestBody());
      } catch (IOException e) {
        reject(ex, "body of " + path + " is not JSON");
        return;
      }
      requests.add(body);
      Answer answer = script.isEmpty() ? Answer.OK : script.poll();
      if (answer == Answer.SLOW) {
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        answer = Answer.OK;
      }
      if (path.equals("/v1/chat/completions")) {
        openAiChat(ex, body, answer);
      } else if (path.equals("/v1/embeddings")) {
        openAiEmbeddings(ex, body, answer);
      } else if (path.equals("/v1/messages")) {
        anthropic(ex, body, answer);
      } else if (path.startsWith("/v1beta/models/")) {
        gemini(ex, path, query, body, answer);
      } else if (path.equals("/api/chat")) {
        ollamaChat(ex, body, answer);
      } else if (path.equals("/api/embed")) {
        ollamaEmbed(ex, body, answer);
      } else {
        reject(ex, "no such endpoint " + path);
      }
    }
  }

  private void reject(HttpExchange ex, String why) throws IOException {
    violations.add(why);
    send(ex, 400, "application/json", "{\"error\":{\"message\":\"" + why + "\"}}", Map.of());
  }

  private static void send(
      HttpExchange ex, int status, String type, String body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sends an error the provider's way; true when one was sent. */
  private static boolean error(HttpExchange ex, Answer answer, String provider) throws IOException {
    String[] e =
        switch (answer) {
          case UNAUTHORIZED -> new String[] {"401", "authentication_error", "invalid api key"};
          case RATE_LIMITED -> new String[] {"429", "rate_limit_error", "rate limit reached"};
          case SERVER_ERROR -> new String[] {"500", "api_error", "the server had an error"};
          case UNKNOWN_MODEL -> new String[] {"404", "not_found_error", "model not found"};
          default -> null;
        };
    if (e == null) {
      if (answer == Answer.MALFORMED) {
        send(ex, 200, "application/json", "{\"unexpected\": [1, 2", Map.of());
        return true;
      }
      return false;
    }
    String body =
        switch (provider) {
          case "anthropic" ->
              "{\"type\":\"error\",\"error\":{\"type\":\""
                  + e[1]
                  + "\",\"message\":\""
                  + e[2]
                  + "\"}}";
          case "gemini" ->
              "{\"error\":{\"code\":"
                  + e[0]
                  + ",\"message\":\""
                  + e[2]
                  + "\",\"status\":\""
                  + e[1]
                  + "\"}}";
          case "ollama" -> "{\"error\":\"" + e[2] + "\"}";
          default ->
              "{\"error\":{\"message\":\"" + e[2] + "\",\"type\":\"" + e[1] + "\",\"code\":null}}";
        };
    send(
        ex,
        Integer.parseInt(e[0]),
        "application/json",
        body,
        answer == Answer.RATE_LIMITED ? Map.of("Retry-After", "7") : Map.of());
    return true;
  }

  private boolean requireText(HttpExchange ex, JsonNode body, String field) throws IOException {
    if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
      reject(ex, "'" + field + "' is required");
      return false;
    }
    return true;
  }

  private boolean requireArray(HttpExchange ex, JsonNode body, String field) throws IOException {
    if (!body.path(field).isArray() || body.path(field).isEmpty()) {
      reject(ex, "'" + field + "' must be a non-empty array");
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ OpenAI

  private void openAiChat(HttpExchange ex, JsonNode body, Answer answer) throws IOException {
    if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))
        && answer != Answer.UNAUTHORIZED) {
      reject(ex, "OpenAI needs 'Authorization: Bearer <key>'");
      return;
    }
    if (!requireText(ex, body, "model") || !requireArray(ex, body, "messages")) {
      return;
    }
    for (JsonNode m : body.get("messages")) {
      if (!m.path("role").isTextual()) {
        reject(ex, "every message needs a role");
        return;
      }
    }
    if (error(ex, answer, "openai")) {
      return;
    }
    String model = body.get("model").asText();
    if (body.path("stream").asBoolean(false)) {
      StringBuilder sse = new StringBuilder();
      String head =
          "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
              + model
              + "\",\"choices\":[{\"index\":0,\"delta\":";
      sse.append("data: ")
          .append(head)
          .append("{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
      for (String chunk : List.of("Hel", "lo", "!")) {
        sse.append("data: ")
            .append(head)
            .append("{\"content\":\"")
            .append(chunk)
            .append("\"},\"finish_reason\":null}]}\n\n");
      }
      sse.append("data: ").append(head).append("{},\"finish_reason\":\"stop\"}]}\n\n");
      sse.append(
              "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"")
          .append(model)
          .append(
              "\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n");
      sse.append("data: [DONE]\n\n");
      send(ex, 200, "text/event-stream", sse.toString(), Map.of());
      return;
    }
    String message;
    String finish = "stop";
    if (answer == Answer.TOOL_CALL) {
      message =
          "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
              + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
      finish = "tool_calls";
    } else {
      String text =
          answer == Answer.JSON ? "{\\\"city\\\":\\\"Paris\\\",\\\"temp\\\":21}" : "Hello!";
      message = "{\"role\":\"assistant\",\"content\":\"" + text + "\"}";
    }
    send(
        ex,
        200,
        "application/json",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
            + model
            + "\",\"choices\":[{\"index\":0,\"message\":"
            + message
            + ",\"logprobs\":null,\"finish_reason\":\""
            + finish
            + "\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}",
        Map.of());
  }

  private void openAiEmbeddings(HttpExchange ex, JsonNode body, Answer answer) throws IOException {
    if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      reject(ex, "OpenAI needs 'Authorization: Bearer <key>'");
      return;
    }
    if (!requireText(ex, body, "model") || !requireArray(ex, body, "input")) {
      return;
    }
    if (error(ex, answer, "openai")) {
      return;
    }
    List<String> data = new ArrayList<>();
    for (int i = 0; i < body.get("input").size(); i++) {
      data.add(
          "{\"object\":\"embedding\",\"index\":" + i + ",\"embedding\":[" + i + ".5,0.25,-1.0]}");
    }
    send(
        ex,
        200,
        "application/json",
        "{\"object\":\"list\",\"data\":["
            + String.join(",", data)
            + "],\"model\":\""
            + body.get("model").asText()
            + "\",\"usage\":{\"prompt_tokens\":5,\"total_tokens\":5}}",
        Map.of());
  }

  // ------------------------------------------------------------------ Anthropic

  private void anthropic(HttpExchange ex, JsonNode body, Answer answer) throws IOException {
    if (!KEY.equals(ex.getRequestHeaders().getFirst("x-api-key"))
        && answer != Answer.UNAUTHORIZED) {
      reject(ex, "Anthropic needs 'x-api-key'");
      return;
    }
    if (ex.getRequestHeaders().getFirst("anthropic-version") == null) {
      reject(ex, "Anthropic needs 'anthropic-version'");
      return;
    }
    if (!requireText(ex, body, "model") || !requireArray(ex, body, "messages")) {
      return;
    }
    if (!body.path("max_tokens").isInt()) {
      reject(ex, "Anthropic needs 'max_tokens'");
      return;
    }
    for (JsonNode m : body.get("messages")) {
      String role = m.path("role").asText();
      if (!role.equals("user") && !role.equals("assistant")) {
        reject(ex, "Anthropic messages are 'user' or 'assistant' (system goes in 'system')");
        return;
      }
    }
    if (error(ex, answer, "anthropic")) {
      return;
    }
    String model = body.get("model").asText();
    if (body.path("stream").asBoolean(false)) {
      String sse =
          event(
                  "message_start",
                  "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\""
                      + model
                      + "\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}")
              + event(
                  "content_block_start",
                  "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
              + event("ping", "{\"type\":\"ping\"}")
              + delta("Hel")
              + delta("lo")
              + delta("!")
              + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
              + event(
                  "message_delta",
                  "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}")
              + event("message_stop", "{\"type\":\"message_stop\"}");
      send(ex, 200, "text/event-stream", sse, Map.of());
      return;
    }
    String content;
    String stop = "end_turn";
    if (answer == Answer.TOOL_CALL) {
      content =
          "[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]";
      stop = "tool_use";
    } else {
      String text =
          answer == Answer.JSON ? "{\\\"city\\\":\\\"Paris\\\",\\\"temp\\\":21}" : "Hello!";
      content = "[{\"type\":\"text\",\"text\":\"" + text + "\"}]";
    }
    send(
        ex,
        200,
        "application/json",
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
            + model
            + "\",\"content\":"
            + content
            + ",\"stop_reason\":\""
            + stop
            + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}",
        Map.of());
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  private static String delta(String text) {
    return event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + text
            + "\"}}");
  }

  // ------------------------------------------------------------------ Gemini

  private void gemini(HttpExchange ex, String path, String query, JsonNode body, Answer answer)
      throws IOException {
    boolean keyed =
        KEY.equals(ex.getRequestHeaders().getFirst("x-goog-api-key"))
            || (query != null && query.contains("key=" + KEY));
    if (!keyed && answer != Answer.UNAUTHORIZED) {
      reject(ex, "Gemini needs 'x-goog-api-key' or '?key='");
      return;
    }
    String action = path.substring(path.lastIndexOf(':') + 1);
    String model = path.substring("/v1beta/models/".length(), path.lastIndexOf(':'));
    if (action.equals("batchEmbedContents") || action.equals("embedContent")) {
      if (error(ex, answer, "gemini")) {
        return;
      }
      int n = action.equals("embedContent") ? 1 : body.path("requests").size();
      if (n == 0) {
        reject(ex, "'requests' must not be empty");
        return;
      }
      List<String> vectors = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        vectors.add("{\"values\":[" + i + ".5,0.25,-1.0]}");
      }
      send(
          ex,
          200,
          "application/json",
          action.equals("embedContent")
              ? "{\"embedding\":" + vectors.getFirst() + "}"
              : "{\"embeddings\":[" + String.join(",", vectors) + "]}",
          Map.of());
      return;
    }
    if (!action.equals("generateContent") && !action.equals("streamGenerateContent")) {
      reject(ex, "no Gemini action '" + action + "'");
      return;
    }
    if (!requireArray(ex, body, "contents")) {
      return;
    }
    for (JsonNode c : body.get("contents")) {
      String role = c.path("role").asText("user");
      if (!role.equals("user") && !role.equals("model")) {
        reject(ex, "Gemini contents are 'user' or 'model' (system goes in 'systemInstruction')");
        return;
      }
    }
    if (error(ex, answer, "gemini")) {
      return;
    }
    String usage =
        "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":3,\"totalTokenCount\":15}";
    if (action.equals("streamGenerateContent")) {
      StringBuilder sse = new StringBuilder();
      List<String> chunks = List.of("Hel", "lo", "!");
      for (int i = 0; i < chunks.size(); i++) {
        boolean last = i == chunks.size() - 1;
        sse.append("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"")
            .append(chunks.get(i))
            .append("\"}],\"role\":\"model\"}")
            .append(last ? ",\"finishReason\":\"STOP\"" : "")
            .append(",\"index\":0}],")
            .append(usage)
            .append(",\"modelVersion\":\"")
            .append(model)
            .append("\"}\r\n\r\n");
      }
      send(ex, 200, "text/event-stream", sse.toString(), Map.of());
      return;
    }
    String parts;
    if (answer == Answer.TOOL_CALL) {
      parts = "[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}]";
    } else {
      String text =
          answer == Answer.JSON ? "{\\\"city\\\":\\\"Paris\\\",\\\"temp\\\":21}" : "Hello!";
      parts = "[{\"text\":\"" + text + "\"}]";
    }
    send(
        ex,
        200,
        "application/json",
        "{\"candidates\":[{\"content\":{\"parts\":"
            + parts
            + ",\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
            + usage
            + ",\"modelVersion\":\""
            + model
            + "\"}",
        Map.of());
  }

  // ------------------------------------------------------------------ Ollama

  private void ollamaChat(HttpExchange ex, JsonNode body, Answer answer) throws IOException {
    if (!requireText(ex, body, "model") || !requireArray(ex, body, "messages")) {
      return;
    }
    if (error(ex, answer, "ollama")) {
      return;
    }
    String model = body.get("model").asText();
    String done =
        ",\"done_reason\":\"stop\",\"done\":true,\"total_duration\":100,\"load_duration\":1,"
            + "\"prompt_eval_count\":12,\"prompt_eval_duration\":1,\"eval_count\":3,\"eval_duration\":1}";
    String head = "{\"model\":\"" + model + "\",\"created_at\":\"2026-11-26T10:00:00.000000Z\",";
    if (body.path("stream").asBoolean(true)) {
      StringBuilder nd = new StringBuilder();
      for (String chunk : List.of("Hel", "lo", "!")) {
        nd.append(head)
            .append("\"message\":{\"role\":\"assistant\",\"content\":\"")
            .append(chunk)
            .append("\"},\"done\":false}\n");
      }
      nd.append(head)
          .append("\"message\":{\"role\":\"assistant\",\"content\":\"\"}")
          .append(done)
          .append("\n");
      send(ex, 200, "application/x-ndjson", nd.toString(), Map.of());
      return;
    }
    String message;
    if (answer == Answer.TOOL_CALL) {
      message =
          "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]}";
    } else {
      String text =
          answer == Answer.JSON ? "{\\\"city\\\":\\\"Paris\\\",\\\"temp\\\":21}" : "Hello!";
      message = "{\"role\":\"assistant\",\"content\":\"" + text + "\"}";
    }
    send(ex, 200, "application/json", head + "\"message\":" + message + done, Map.of());
  }

  private void ollamaEmbed(HttpExchange ex, JsonNode body, Answer answer) throws IOException {
    if (!requireText(ex, body, "model") || !requireArray(ex, body, "input")) {
      return;
    }
    if (error(ex, answer, "ollama")) {
      return;
    }
    List<String> vectors = new ArrayList<>();
    for (int i = 0; i < body.get("input").size(); i++) {
      vectors.add("[" + i + ".5,0.25,-1.0]");
    }
    send(
        ex,
        200,
        "application/json",
        "{\"model\":\""
            + body.get("model").asText()
            + "\",\"embeddings\":["
            + String.join(",", vectors)
            + "],\"prompt_eval_count\":5}",
        Map.of());
  }
}
