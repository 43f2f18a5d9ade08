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
  private volatile ScriptSandbox delegate;
  private volatile boolean closed;

  /**
   * Creates the sandbox; nothing is looked up yet.
   *
   * @param loader where to look for providers
   */
  public DiscoveredScriptSandbox(ClassLoader loader) {
    this.loader = loader;
  }

  /** The sandbox, found once; later runs read it without taking the lock. */
  private ScriptSandbox delegate() {
    ScriptSandbox found = delegate;
    if (found != null && !closed) {
      return found;
    }
    synchronized (this) {
      if (closed) {
        throw new EngineClosedException("the engine's script sandbox is closed");
      }
      if (delegate == null) {
        ScriptSandbox made = ScriptSandbox.none();
        for (ScriptSandboxProvider provider :
            ServiceLoader.load(ScriptSandboxProvider.class, loader)) {
          if (provider.isAvailable()) {
            made = provider.create();
            break;
          }
        }
        delegate = made;
      }
      return delegate;
    }
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
