package dev.tyboo.nodes.internal;

import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.spi.script.ScriptSandboxProvider;

/**
 * Provides a {@code GraalScriptSandbox} to engines given no sandbox, when GraalVM polyglot is on
 * the class path. This class does not refer to GraalVM types, so that a host that excluded GraalVM
 * can still load it.
 */
public final class GraalSandboxProvider implements ScriptSandboxProvider {

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public GraalSandboxProvider() {}

  @Override
  public boolean isAvailable() {
    try {
      Class.forName(
          "org.graalvm.polyglot.Engine", false, GraalSandboxProvider.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public ScriptSandbox create() {
    return dev.tyboo.nodes.code.GraalScriptSandbox.create();
  }
}
