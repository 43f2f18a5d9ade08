package dev.tyboo.internal.expression;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.expression.ExpressionLimits;

/**
 * Compiles each distinct expression source once (bounded Caffeine cache); failures are not cached.
 */
public final class CachingExpressionLanguage implements ExpressionLanguage {

  private final ExpressionLanguage delegate;
  private final Cache<String, CompiledExpression> cache;

  /**
   * Creates the caching expression language.
   *
   * @param delegate the language that compiles
   * @param maximumSize how many compiled expressions to keep
   */
  public CachingExpressionLanguage(ExpressionLanguage delegate, long maximumSize) {
    this.delegate = delegate;
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  @Override
  public CompiledExpression compile(String source) {
    CompiledExpression cached = cache.getIfPresent(source);
    if (cached != null) {
      return cached;
    }
    CompiledExpression compiled =
        delegate.compile(source); // throws ExpressionSyntaxException, not cached
    cache.put(source, compiled);
    return compiled;
  }

  @Override
  public ExpressionLimits limits() {
    return delegate.limits();
  }

  /** {@return how many compiled expressions are cached} */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
