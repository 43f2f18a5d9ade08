package dev.tyboo.node;

/**
 * What a node that runs user code needs ({@link NodeContext#scripting()}): the engine's sandbox and
 * the variables expressions see, so that code sees what expressions see. Like its context, it
 * serves one attempt; do not keep it afterwards.
 */
public interface NodeScripting {

  /**
   * {@return the value of an expression variable for one item, as expressions see it: {@code
   * $json}, {@code $binary}, {@code $input} (an {@code InputView}), {@code $node} (a {@code
   * NodeLookupView}), {@code $vars}, {@code $now}, {@code $execution}, {@code $workflow}, {@code
   * $itemIndex}; {@code null} for any other name} For nodes that run user code (the Code node), so
   * that it sees what expressions see.
   *
   * @param name the variable's name, with its {@code $}
   * @param itemIndex the input item the variable is about
   * @throws IllegalArgumentException when there is no such input item
   */
  Object variable(String name, int itemIndex);

  /**
   * {@return the engine's sandbox for user code} The one given to {@code
   * EngineBuilder.scriptSandbox}, else the one a {@link dev.tyboo.spi.script.ScriptSandboxProvider}
   * on the class path makes (engine-nodes brings GraalJS); a sandbox that refuses every run when
   * there is none.
   */
  dev.tyboo.spi.script.ScriptSandbox scriptSandbox();
}
