package dev.tyboo.benchmarks;

import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.expression.ExpressionLanguage.CompiledExpression;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import dev.tyboo.spi.expression.NodeLookupView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Typical expressions in the default language: evaluated from a compiled (cached) expression, as
 * the engine does for every item, and compiled afresh each time (the cost a cache miss pays).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ExpressionBenchmark {

  @Param({
    "$json.total > 100",
    "$json.first + ' ' + $json.last",
    "$node('fetch').json.customer.email"
  })
  public String expression;

  private ExpressionLanguage language;
  private CompiledExpression compiled;
  private ExpressionScope scope;

  @Setup(Level.Trial)
  public void setUp() {
    language = ExpressionLanguage.safeDefault();
    compiled = language.compile(expression);
    Map<String, Object> json =
        Item.of(Map.of("total", 150, "first", "Ada", "last", "Lovelace")).json();
    List<Item> fetched = Item.listOf(Map.of("customer", Map.of("email", "ada@example.com")));
    NodeLookupView nodes = new NodeLookupView(id -> id.equals("fetch") ? fetched : null, 0);
    scope =
        new ExpressionScope() {
          @Override
          public boolean has(String name) {
            return name.equals("$json") || name.equals("$node");
          }

          @Override
          public Object get(String name) {
            return switch (name) {
              case "$json" -> json;
              case "$node" -> nodes;
              default -> null;
            };
          }
        };
    if (compiled.evaluate(scope) == null) {
      throw new IllegalStateException(expression + " evaluated to null");
    }
  }

  /** The engine's path: the expression was compiled once. */
  @Benchmark
  public Object cached() {
    return compiled.evaluate(scope);
  }

  /** A cache miss: parse and compile, then evaluate. */
  @Benchmark
  public Object uncached() {
    return language.compile(expression).evaluate(scope);
  }
}
