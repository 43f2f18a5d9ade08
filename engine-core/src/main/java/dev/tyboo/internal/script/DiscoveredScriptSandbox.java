package dev.tyboo.internal.script;

import dev.tyboo.error.EngineClosedException;
import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.spi.script.ScriptResult;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.spi.script.ScriptSandboxProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The sandbox of an engine given none: the first {@link ScriptSandboxProvider} found through {@link
 * ServiceLoader} that is available, created on first use (a GraalVM sandbox costs about half a
 * second to start) and closed with the engine; {@link ScriptSandbox#none()} when there is none.
 */
public final class DiscoveredScriptSandbox implements ScriptSandbox {

  private final ClassLoader loader;
  private ScriptSandbox delegate;
  private boolean closed;

  /**
   * Creates the sandbox; nothing is looked up yet.
   *
   * @param loader where to look for providers
   */
  public DiscoveredScriptSandbox(ClassLoader loader) {
    this.loader = loader;
  }

  private synchronized ScriptSandbox delegate() {
    if (closed) {
      throw new EngineClosedException("the engine's script sandbox is closed");
    }
    if (delegate == null) {
      delegate = ScriptSandbox.none();
      for (ScriptSandboxProvider provider :
          ServiceLoader.load(ScriptSandboxProvider.class, loader)) {
        if (provider.isAvailable()) {
          delegate = provider.create();
          break;
        }
      }
    }
    return delegate;
  }

  @Override
  public Set<String> languages() {
    return delegate().languages();
  }

  @Override
  public ScriptLimits limits() {
    return delegate().limits();
  }

  @Override
  public ScriptResult run(Script script, List<Object> arguments) {
    return delegate().run(script, arguments);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (delegate != null) {
      delegate.close();
    }
  }
}
