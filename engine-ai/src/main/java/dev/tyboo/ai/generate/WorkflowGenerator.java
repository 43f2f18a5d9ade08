package dev.tyboo.ai.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.Problem;
import dev.tyboo.error.WorkflowDefinitionException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a prompt into a workflow: asks a chat model for workflow JSON (the format of {@link
 * dev.tyboo.workflow.WorkflowJson}), giving it the engine's node catalogue (each type's
 * description, ports and parameter JSON Schema) as context; reads and validates the answer with the
 * engine ({@link Engine#readWorkflow}); and, while it has problems, sends them back (each with its
 * JSON path and, for a mistyped node type, the engine's "did you mean") and asks for a corrected
 * answer, for at most {@link Builder#maxRounds} rounds. The result is a valid workflow or the
 * problems that remain; nothing is deployed or run.
 *
 * <pre>{@code
 * WorkflowGenerator generator = WorkflowGenerator.builder(model, engine).maxRounds(3).build();
 * WorkflowGeneration g = generator.generate("Every hour, fetch the orders API and post big ones to Slack");
 * g.validWorkflow().ifPresent(engine::deploy);
 * }</pre>
 */
public final class WorkflowGenerator {

  /** The longest answer read from the model. */
  public static final int MAX_ANSWER_CHARS = 200_000;

  private static final ObjectMapper JSON = JsonMappers.standard();

  private final ChatModel model;
  private final Engine engine;
  private final int maxRounds;
  private final String system;

  private WorkflowGenerator(Builder b) {
    this.model = b.model;
    this.engine = b.engine;
    this.maxRounds = b.maxRounds;
    this.system = systemPrompt(engine, b.include);
  }

  /**
   * {@return a builder}
   *
   * @param model the model that writes workflows
   * @param engine the engine whose node types the workflows use and which validates them
   */
  public static Builder builder(ChatModel model, Engine engine) {
    return new Builder(model, engine);
  }

  /** {@return the system prompt: the format and the node catalogue the model is given} */
  public String systemPrompt() {
    return system;
  }

  /**
   * Generates a workflow.
   *
   * @param prompt what the workflow should do, in the user's words
   * @return a valid workflow, or the last attempt and its problems
   * @throws dev.tyboo.ai.ModelCallException when a model call fails
   */
  public WorkflowGeneration generate(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(system));
    messages.add(ChatMessage.user(prompt));
    String json = "";
    List<String> problems = List.of("the model gave no answer");
    for (int round = 1; round <= maxRounds; round++) {
      ChatRequest.Builder request = ChatRequest.builder().jsonOutput(true).temperature(0.0);
      messages.forEach(request::message);
      String answer = model.chat(request.build()).text();
      json = unfenced(answer);
      problems = new ArrayList<>();
      Workflow workflow = null;
      if (json.length() > MAX_ANSWER_CHARS) {
        problems.add(
            "$: the answer has " + json.length() + " characters, over " + MAX_ANSWER_CHARS);
      } else {
        try {
          workflow = engine.readWorkflow(json);
        } catch (WorkflowValidationException e) {
          for (Problem p : e.problems()) {
            problems.add(p.path() + ": " + p.message());
          }
        } catch (WorkflowDefinitionException | IllegalArgumentException e) {
          problems.add("$: " + e.getMessage());
        }
      }
      if (workflow != null) {
        return new WorkflowGeneration(workflow, json, List.of(), round);
      }
      messages.add(ChatMessage.assistant(json));
      messages.add(
          ChatMessage.user(
              "That workflow is not valid:\n- "
                  + String.join("\n- ", problems)
                  + "\nAnswer with the whole corrected workflow JSON only."));
      if (round == maxRounds) {
        return new WorkflowGeneration(null, json, problems, round);
      }
    }
    return new WorkflowGeneration(null, json, problems, maxRounds);
  }

  /** A model may wrap its JSON in a Markdown code fence despite being asked not to. */
  static String unfenced(String answer) {
    String t = answer.strip();
    if (t.startsWith("```")) {
      int start = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (start > 0 && end > start) {
        return t.substring(start + 1, end).strip();
      }
    }
    return t;
  }

  private static String systemPrompt(Engine engine, Predicate<String> include) {
    List<Map<String, Object>> catalogue = new ArrayList<>();
    for (NodeType type : engine.nodeTypes().all()) {
      NodeDescriptor d = type.descriptor();
      if (!include.test(d.type()) || d.type().equals("inline")) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", d.type());
      entry.put("description", d.description());
      entry.put("inputs", d.inputs().stream().map(PortSpec::name).toList());
      entry.put("outputs", d.outputs().stream().map(PortSpec::name).toList());
      entry.put("credentialTypes", d.credentialTypes());
      Map<String, Object> schema = new LinkedHashMap<>(d.parameterSchema());
      schema.remove("$schema");
      entry.put("parameters", schema);
      catalogue.add(entry);
    }
    String nodes;
    try {
      nodes = JSON.writeValueAsString(catalogue);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the node catalogue is not JSON", e);
    }
    return """
        You write workflows for the Tyboo workflow engine. Answer with one JSON object and nothing \
        else:
        {"name": "<lowercase-with-dashes>", "description": "...",
         "nodes": [{"id": "<unique id>", "type": "<node type>", "parameters": {...},
                    "credentials": {"<credential type>": "<credential name>"}}],
         "connections": [{"from": "<node id>", "output": "main", "to": "<node id>", "input": "main"}]}
        Rules: use only the node types below, with their parameters as their JSON Schemas say; a \
        workflow starts with one trigger (a node without inputs); connect each output to the input \
        of the next node; "output" and "input" default to "main"; parameter values may be \
        expressions such as "{{ $json.field }}" that read the incoming item; name credentials by a \
        short name, never put secrets in the workflow.
        Node types:
        """
        + nodes;
  }

  /** Builds a {@link WorkflowGenerator}. Not thread-safe. */
  public static final class Builder {
    private final ChatModel model;
    private final Engine engine;
    private int maxRounds = 3;
    private Predicate<String> include = t -> true;

    private Builder(ChatModel model, Engine engine) {
      this.model = Objects.requireNonNull(model, "model");
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * {@return this builder}
     *
     * @param rounds how many answers the model may give, the first included (3 by default)
     */
    public Builder maxRounds(int rounds) {
      if (rounds < 1 || rounds > 10) {
        throw new IllegalArgumentException("maxRounds must be 1 to 10, was " + rounds);
      }
      this.maxRounds = rounds;
      return this;
    }

    /**
     * {@return this builder, giving the model only these node types (a shorter prompt)}
     *
     * @param types the node type names the model may use
     */
    public Builder nodeTypes(Set<String> types) {
      Set<String> copy = Set.copyOf(types);
      this.include = copy::contains;
      return this;
    }

    /** {@return the generator} */
    public WorkflowGenerator build() {
      return new WorkflowGenerator(this);
    }
  }
}
