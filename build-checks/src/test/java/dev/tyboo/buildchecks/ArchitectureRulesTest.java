package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Each rule fails on a deliberate violation (the classes under {@code fixtures.tyboo}). */
class ArchitectureRulesTest {

  private static final String ROOT = "fixtures.tyboo";
  private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(ROOT);

  private static String violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(FIXTURES);
    assertThat(result.hasViolation())
        .as("%s must catch its fixture", rule.getDescription())
        .isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void core_depending_on_another_module_is_caught() {
    assertThat(violations(ArchitectureRules.coreDependsOnNoOtherModule(ROOT)))
        .contains("UsesNodes");
  }

  @Test
  void a_module_using_another_modules_internals_is_caught() {
    assertThat(violations(ArchitectureRules.noModuleTouchesAnotherModulesInternals(ROOT)))
        .contains("UsesCoreInternal")
        .contains("UsesNodesInternal");
  }

  @Test
  void an_spi_depending_on_an_implementation_is_caught() {
    assertThat(violations(ArchitectureRules.spiDoesNotDependOnImplementations(ROOT)))
        .contains("BadSpi");
  }

  @Test
  void a_package_cycle_is_caught() {
    assertThat(violations(ArchitectureRules.noPackageCycles(ROOT)))
        .contains("cycle.a")
        .contains("cycle.b");
  }

  @Test
  void console_output_is_caught() {
    assertThat(violations(ArchitectureRules.noConsoleOutput(ROOT)))
        .contains("System.out")
        .contains("printStackTrace");
  }

  @Test
  void static_mutable_state_is_caught() {
    String report = violations(ArchitectureRules.noStaticMutableState(ROOT));
    assertThat(report)
        .contains("Counter.count")
        .contains("Counter.SEEN")
        .doesNotContain("Counter.FINE");
  }

  @Test
  void every_failure_says_which_rule_and_why() {
    for (ArchRule rule : ArchitectureRules.all(ROOT)) {
      EvaluationResult result = rule.evaluate(FIXTURES);
      if (result.hasViolation()) {
        assertThat(result.getFailureReport().toString())
            .contains(rule.getDescription())
            .contains("because");
      }
    }
  }

  @Test
  void a_wide_spi_is_caught() {
    assertThat(violations(ArchitectureRules.spisStayNarrow(ROOT)))
        .contains("WideSpi declares 16 methods");
  }
}
