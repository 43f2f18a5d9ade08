package dev.tyboo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentExampleTest {

  @Test
  void answers_with_a_tool_each_then_from_memory_against_the_stand_in_model() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (StandInChatModel model = new StandInChatModel()) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      AgentExample.run(model.baseUrl(), "stand-in", "none");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains("> What is the weather in Lisbon?")
        .contains("Here is what I found: {\"c\":21,\"city\":\"Lisbon\",\"sky\":\"sunny\"}")
        .contains("(1 tool call(s), SUCCEEDED)")
        .contains(
            "This is question 3 of our conversation; the first was: What is the weather in"
                + " Lisbon? (0 tool call(s), SUCCEEDED)");
  }
}
