package dev.tyboo.spi.script;

import dev.tyboo.error.UnsupportedCapabilityException;
import java.util.List;
import java.util.Set;

/** The {@link ScriptSandbox} of an engine that found none: it runs nothing. */
enum NoScriptSandbox implements ScriptSandbox {
  INSTANCE;

  @Override
  public Set<String> languages() {
    return Set.of();
  }

  @Override
  public ScriptLimits limits() {
    return ScriptLimits.defaults();
  }

  @Override
  public ScriptResult run(Script script, List<Object> arguments) {
    throw new UnsupportedCapabilityException(
        "cannot run "
            + script.language()
            + " for '"
            + script.name()
            + "': the engine has no script sandbox. Add dev.tyboo:engine-nodes and GraalJS"
            + " (org.graalvm.polyglot:polyglot and org.graalvm.polyglot:js-community, type pom;"
            + " engine-nodes declares them optional) to the class path, or set"
            + " Engine.builder().scriptSandbox(..)");
  }

  @Override
  public void close() {}
}
