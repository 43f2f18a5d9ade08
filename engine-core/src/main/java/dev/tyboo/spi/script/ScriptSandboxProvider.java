package dev.tyboo.spi.script;

/**
 * Makes the {@link ScriptSandbox} of an engine that was given none: the engine finds providers
 * through {@link java.util.ServiceLoader} when a node first asks for the sandbox, creates one
 * sandbox, and closes it when the engine shuts down. engine-nodes provides one on GraalVM.
 */
public interface ScriptSandboxProvider {

  /**
   * {@return whether this provider can make a sandbox here (its runtime is on the class path)}
   * Checked before {@link #create()}; must not load the runtime.
   */
  boolean isAvailable();

  /** {@return a new sandbox, with default limits} */
  ScriptSandbox create();
}
