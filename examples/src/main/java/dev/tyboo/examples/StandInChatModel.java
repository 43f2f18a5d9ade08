package dev.tyboo.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tyboo.json.JsonMappers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a real model, for {@link AgentExample} when no model server is configured: an
 * OpenAI-compatible {@code /v1/chat/completions} endpoint on loopback that follows three rules. A
 * question about the weather in a city calls the {@code weather} tool; a question about the time
 * calls the {@code clock} tool; after tool results it answers with them; anything else is answered
 * from the conversation it is sent (which shows the agent's memory at work).
 */
public final class StandInChatModel implements AutoCloseable {

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final Pattern CITY = Pattern.compile("weather in ([A-Z][a-zA-Z]+)");

  private final HttpServer server;
  private int calls;

  /**
   * Starts the endpoint on a free loopback port.
   *
   * @throws IOException when no port can be bound
   */
  public StandInChatModel() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::answer);
    server.start();
  }

  /** {@return the base URL to give the agent (OpenAI-compatible)} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private synchronized void answer(HttpExchange ex) throws IOException {
    try (ex) {
      JsonNode messages = JSON.readTree(ex.getRequestBody()).path("messages");
      JsonNode last = messages.get(messages.size() - 1);
      ObjectNode message = JSON.createObjectNode().put("role", "assistant");
      String finish = "stop";
      if ("tool".equals(last.path("role").asText())) {
        StringBuilder found = new StringBuilder("Here is what I found:");
        for (int i = messages.size() - 1;
            i >= 0 && "tool".equals(messages.get(i).path("role").asText());
            i--) {
          found.append(' ').append(messages.get(i).path("content").asText());
        }
        message.put("content", found.toString());
      } else {
        String question = last.path("content").asText();
        Matcher city = CITY.matcher(question);
        if (city.find()) {
          toolCall(message, "weather", JSON.createObjectNode().put("city", city.group(1)));
          finish = "tool_calls";
        } else if (question.contains("time")) {
          toolCall(message, "clock", JSON.createObjectNode().put("zone", "UTC"));
          finish = "tool_calls";
        } else {
          int asked = 0;
          String first = null;
          for (JsonNode m : messages) {
            if ("user".equals(m.path("role").asText())) {
              asked++;
              first = first == null ? m.path("content").asText() : first;
            }
          }
          message.put(
              "content",
              "This is question " + asked + " of our conversation; the first was: " + first);
        }
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("id", "chatcmpl-" + (++calls)).put("object", "chat.completion");
      body.put("created", 0).put("model", "stand-in");
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0).set("message", message);
      choice.put("finish_reason", finish);
      body.putObject("usage")
          .put("prompt_tokens", 20)
          .put("completion_tokens", 8)
          .put("total_tokens", 28);
      byte[] bytes = JSON.writeValueAsBytes(body);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private void toolCall(ObjectNode message, String tool, ObjectNode arguments) throws IOException {
    message.putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    ObjectNode call =
        calls.addObject().put("id", "call_" + (this.calls + 1)).put("type", "function");
    call.putObject("function")
        .put("name", tool)
        .put("arguments", new String(JSON.writeValueAsBytes(arguments), StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
