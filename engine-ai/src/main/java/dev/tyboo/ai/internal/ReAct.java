package dev.tyboo.ai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tyboo.ai.ToolCall;
import dev.tyboo.ai.ToolSpec;
import dev.tyboo.json.JsonMappers;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ReAct text protocol, for models without native tool calls: the system prompt lists the tools
 * and asks for {@code Action:} / {@code Action Input:} lines or a {@code Final Answer:}; tool
 * results go back as {@code Observation:} user messages.
 */
public final class ReAct {

  private ReAct() {}

  private static final Pattern ACTION =
      Pattern.compile(
          "(?s)Action:\\s*([^\\n]+?)\\s*\\n\\s*Action Input:\\s*(\\{.*\\}|\\S.*?)\\s*(?:\\n\\s*Observation:.*)?$");
  private static final Pattern FINAL = Pattern.compile("(?s)Final Answer:\\s*(.*)$");

  /**
   * {@return the instructions that teach the protocol, with the tools listed}
   *
   * @param tools the tools
   */
  public static String instructions(List<ToolSpec> tools) {
    StringBuilder b = new StringBuilder("You can use these tools:\n");
    for (ToolSpec t : tools) {
      String schema;
      try {
        schema = JsonMappers.standard().writeValueAsString(t.parameters());
      } catch (JsonProcessingException e) {
        schema = "{}";
      }
      b.append("- ")
          .append(t.name())
          .append(": ")
          .append(t.description())
          .append(" Arguments (JSON schema): ")
          .append(schema)
          .append('\n');
    }
    return b.append(
            "To use a tool, answer with exactly two lines and nothing else:\n"
                + "Action: <the tool's name>\n"
                + "Action Input: <the arguments as one JSON object>\n"
                + "You will get the result as 'Observation: ...'. When you know the answer,"
                + " answer with:\n"
                + "Final Answer: <the answer>")
        .toString();
  }

  /**
   * {@return the tool call an answer asks for, or empty when it gives the final answer}
   *
   * @param text the model's answer
   * @param id the id to give the call
   */
  public static Optional<ToolCall> call(String text, String id) {
    if (FINAL.matcher(text).find() && text.indexOf("Final Answer:") < indexOfAction(text)) {
      return Optional.empty();
    }
    Matcher m = ACTION.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new ToolCall(id, m.group(1).trim(), m.group(2).trim()));
  }

  private static int indexOfAction(String text) {
    int i = text.indexOf("Action:");
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /**
   * {@return the final answer in a text: what follows {@code Final Answer:}, else all of it}
   *
   * @param text the model's answer
   */
  public static String finalAnswer(String text) {
    Matcher m = FINAL.matcher(text);
    return m.find() ? m.group(1).trim() : text.trim();
  }

  /**
   * {@return a tool's result as the user message that reports it}
   *
   * @param result the tool's result
   */
  public static String observation(String result) {
    return "Observation: " + result;
  }
}
