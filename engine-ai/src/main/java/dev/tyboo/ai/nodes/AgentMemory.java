package dev.tyboo.ai.nodes;

import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.internal.Tokens;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An agent's conversation memory, kept in the node's memory ({@link NodeContext#memory()}) under
 * the conversation id: entries {@code {id, role: user|assistant|summary, text, through?}}. A
 * summary covers the entries up to {@code through}.
 */
final class AgentMemory {

  /** The most entries read back at once. */
  static final int MAX_READ = 200;

  private final NodeContext ctx;
  private final int item;
  private final String conversation;
  private final String kind;
  private final int maxMessages;
  private final int maxTokens;
  private String summary;
  private List<Map<?, ?>> unsummarized = List.of();

  private AgentMemory(
      NodeContext ctx, int item, String conversation, String kind, int maxMessages, int maxTokens) {
    this.ctx = ctx;
    this.item = item;
    this.conversation = conversation;
    this.kind = kind;
    this.maxMessages = maxMessages;
    this.maxTokens = maxTokens;
  }

  static AgentMemory of(NodeContext ctx, int item) {
    String conversation = ctx.stringParameter("conversationId", item);
    String kind = ctx.stringParameter("memory", item);
    Number messages = ctx.parameter("memoryMessages", item, Number.class);
    Number tokens = ctx.parameter("memoryTokens", item, Number.class);
    int maxMessages = messages == null ? 20 : messages.intValue();
    if (maxMessages < 2 || maxMessages > MAX_READ) {
      throw new NonRetryableNodeException(
          "parameter 'memoryMessages' must be 2 to " + MAX_READ + ", was " + maxMessages,
          item,
          null);
    }
    return new AgentMemory(
        ctx,
        item,
        conversation == null || conversation.isBlank() ? null : conversation,
        kind == null ? "window" : kind,
        maxMessages,
        tokens == null ? 2_000 : tokens.intValue());
  }

  /** {@return the remembered messages to put before the prompt; empty without a conversation} */
  List<ChatMessage> load() {
    if (conversation == null) {
      return List.of();
    }
    List<Map<?, ?>> entries = new ArrayList<>();
    for (Object o : ctx.memory().recent(conversation, MAX_READ)) {
      if (o instanceof Map<?, ?> m && m.get("text") instanceof String) {
        entries.add(m);
      }
    }
    int covered = -1; // the index of the last entry the newest summary covers
    for (int i = entries.size() - 1; i >= 0; i--) {
      if ("summary".equals(entries.get(i).get("role"))) {
        summary = (String) entries.get(i).get("text");
        covered = i - 1;
        Object through = entries.get(i).get("through");
        for (int j = 0; j < i; j++) {
          if (entries.get(j).get("id").equals(through)) {
            covered = j;
          }
        }
        break;
      }
    }
    List<Map<?, ?>> open = new ArrayList<>();
    for (int i = covered + 1; i < entries.size(); i++) {
      if (!"summary".equals(entries.get(i).get("role"))) {
        open.add(entries.get(i));
      }
    }
    unsummarized = open;
    List<Map<?, ?>> kept =
        switch (kind) {
          case "tokens" -> newestWithin(open, maxTokens);
          case "summary" -> open;
          default -> open.subList(Math.max(0, open.size() - maxMessages), open.size());
        };
    List<ChatMessage> out = new ArrayList<>();
    if ("summary".equals(kind) && summary != null) {
      out.add(ChatMessage.system("Summary of the earlier conversation: " + summary));
    }
    for (Map<?, ?> e : kept) {
      out.add(message(e));
    }
    return out;
  }

  private static List<Map<?, ?>> newestWithin(List<Map<?, ?>> entries, int budget) {
    int used = 0;
    int from = entries.size();
    while (from > 0) {
      int cost = Tokens.count((String) entries.get(from - 1).get("text"));
      if (used + cost > budget) {
        break;
      }
      used += cost;
      from--;
    }
    return entries.subList(from, entries.size());
  }

  private static ChatMessage message(Map<?, ?> e) {
    String text = (String) e.get("text");
    return "assistant".equals(e.get("role")) ? ChatMessage.assistant(text) : ChatMessage.user(text);
  }

  /**
   * Remembers an exchange; in summary memory, summarizes the older messages once more than {@code
   * memoryMessages} are unsummarized.
   */
  void remember(
      String prompt, String answer, BiFunction<String, List<ChatMessage>, String> summarizer) {
    if (conversation == null) {
      return;
    }
    String id = ctx.executionId() + "/" + ctx.nodeId() + "/" + item;
    Map<String, Object> question = entry(id + "/q", "user", prompt);
    Map<String, Object> reply = entry(id + "/a", "assistant", answer == null ? "" : answer);
    ctx.memory().append(conversation, List.of(question, reply));
    if (!"summary".equals(kind) || unsummarized.size() + 2 <= maxMessages) {
      return;
    }
    List<Map<?, ?>> older = unsummarized; // the new exchange stays open
    List<ChatMessage> messages = older.stream().map(AgentMemory::message).toList();
    String made = summarizer.apply(summary, messages);
    Map<String, Object> entry = entry(id + "/s", "summary", made);
    entry.put("through", older.get(older.size() - 1).get("id"));
    ctx.memory().append(conversation, List.of(entry));
  }

  private static Map<String, Object> entry(String id, String role, String text) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", id);
    e.put("role", role);
    e.put("text", text);
    return e;
  }
}
