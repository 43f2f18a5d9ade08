package dev.tyboo.ai.rag;

import dev.tyboo.ai.VectorMatch;
import java.util.List;

/** The prompt of a question answered from retrieved sources, which the answer cites as [n]. */
public final class SourcedPrompt {

  /** The instructions the model gets unless the workflow gives its own. */
  public static final String DEFAULT_SYSTEM =
      "Answer the question using only the numbered sources. Cite the sources you use as [1], [2],"
          + " ... after the sentence they support. If the sources do not contain the answer, say"
          + " that you do not know.";

  private SourcedPrompt() {}

  /**
   * {@return the user message: the numbered sources (with their {@code source} metadata when set),
   * then the question}
   *
   * @param question the question
   * @param sources the retrieved records, closest first
   */
  public static String user(String question, List<VectorMatch> sources) {
    StringBuilder b = new StringBuilder("Sources:\n");
    for (int i = 0; i < sources.size(); i++) {
      VectorMatch m = sources.get(i);
      b.append('[').append(i + 1).append(']');
      Object source = m.record().metadata().get("source");
      if (source != null) {
        b.append(" (").append(source).append(')');
      }
      b.append(' ').append(m.record().text().strip()).append("\n\n");
    }
    if (sources.isEmpty()) {
      b.append("(none)\n\n");
    }
    return b.append("Question: ").append(question).toString();
  }
}
