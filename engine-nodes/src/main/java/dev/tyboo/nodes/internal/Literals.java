package dev.tyboo.nodes.internal;

import java.util.List;
import java.util.Map;

/** Parameters that a service reads when a workflow is registered, before any item exists. */
public final class Literals {

  private Literals() {}

  /**
   * Reports each of the named parameters that holds an expression.
   *
   * @param parameters the node's parameters as written
   * @param names the parameters that must be literal
   * @param reader who reads them, e.g. "the scheduler"
   * @param problems where problems go, by parameter path
   */
  public static void require(
      Map<String, Object> parameters,
      List<String> names,
      String reader,
      Map<String, String> problems) {
    for (String name : names) {
      if (parameters.get(name) instanceof String s && s.contains("{{")) {
        problems.put(name, "must be a literal value: " + reader + " reads it at registration");
      }
    }
  }
}
