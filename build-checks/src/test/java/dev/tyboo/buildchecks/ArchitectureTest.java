package dev.tyboo.buildchecks;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The architecture rules hold for the main code of every module. */
class ArchitectureTest {

  private static JavaClasses mainCode;

  @BeforeAll
  static void importMainCode() {
    mainCode =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tyboo");
    if (mainCode.size() < 50) {
      throw new IllegalStateException(
          "only " + mainCode.size() + " classes imported; the rules would prove nothing");
    }
  }

  @TestFactory
  Stream<DynamicTest> every_rule_holds() {
    return ArchitectureRules.all("dev.tyboo").stream()
        .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> check(rule)));
  }

  private static void check(ArchRule rule) {
    rule.check(mainCode);
  }
}
