package dev.tyboo.buildchecks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The architecture of DESIGN.md as ArchUnit rules, for any root package: {@code dev.tyboo} for the
 * real code, a fixture package for the tests that prove each rule catches a violation.
 */
final class ArchitectureRules {

  /** Packages of engine-core under the root. */
  static final List<String> CORE =
      List.of("engine", "workflow", "execution", "node", "error", "spi", "internal");

  /** Root packages of the other modules under the root. */
  static final List<String> OTHER_MODULES =
      List.of("nodes", "ai", "persistence", "examples", "benchmarks", "buildchecks");

  /** Programs that may print to the console. */
  static final List<String> PROGRAMS = List.of("examples", "benchmarks", "buildchecks");

  private static final Set<Class<?>> MUTABLE_TYPES =
      Set.of(
          ArrayList.class,
          LinkedList.class,
          HashMap.class,
          LinkedHashMap.class,
          TreeMap.class,
          HashSet.class,
          LinkedHashSet.class,
          TreeSet.class,
          ArrayDeque.class,
          ConcurrentHashMap.class,
          CopyOnWriteArrayList.class,
          AtomicInteger.class,
          AtomicLong.class,
          AtomicBoolean.class,
          AtomicReference.class,
          StringBuilder.class);

  private ArchitectureRules() {}

  private static String[] under(String root, List<String> packages) {
    return packages.stream().map(p -> root + "." + p + "..").toArray(String[]::new);
  }

  static ArchRule coreDependsOnNoOtherModule(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(under(root, CORE))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(under(root, OTHER_MODULES))
        .as("engine-core depends on no other module")
        .because(
            "every host embeds engine-core, so it must stand alone; modules depend on it, never the "
                + "reverse (DESIGN.md, Modules)");
  }

  static ArchRule noModuleTouchesAnotherModulesInternals(String root) {
    List<ArchRule> rules = new ArrayList<>();
    rules.add(
        noClasses()
            .that()
            .resideInAnyPackage(under(root, OTHER_MODULES))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(root + ".internal.."));
    for (String module : OTHER_MODULES) {
      rules.add(
          noClasses()
              .that()
              .resideOutsideOfPackage(root + "." + module + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage(root + "." + module + "..internal.."));
    }
    return CompositeArchRule.of(rules)
        .as("no module touches another module's internal packages")
        .because(
            "internal packages carry no compatibility promise; another module that used them would break "
                + "on any refactoring (STYLE.md 3.1)");
  }

  static ArchRule spiDoesNotDependOnImplementations(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..spi..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + "..internal..")
        .as("SPI packages do not depend on implementation packages")
        .because(
            "an SPI is a contract that outsiders implement; stock implementations sit package-private "
                + "beside it, and engine internals depend on the SPI, not the other way (STYLE.md 3.2)");
  }

  static ArchRule noPackageCycles(String root) {
    return slices()
        .matching(root + ".(**)")
        .should()
        .beFreeOfCycles()
        .as("no package cycles")
        .because(
            "a cycle ties packages into one unit that can be neither understood nor split alone");
  }

  static ArchRule noConsoleOutput(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackages(under(root, PROGRAMS))
        .should(ACCESS_STANDARD_STREAMS)
        .as("no System.out, System.err or printStackTrace in library code")
        .because("a library logs through SLF4J so that the host decides where output goes");
  }

  static ArchRule noStaticMutableState(String root) {
    DescribedPredicate<JavaField> compilerMade =
        DescribedPredicate.describe(
            "made by the compiler",
            f ->
                f.getName().startsWith("$")
                    || f.getModifiers()
                        .contains(com.tngtech.archunit.core.domain.JavaModifier.SYNTHETIC));
    ArchRule nonFinal =
        fields()
            .that()
            .areStatic()
            .and()
            .areDeclaredInClassesThat()
            .resideInAPackage(root + "..")
            .and(DescribedPredicate.not(compilerMade))
            .should()
            .beFinal();
    ArchRule mutableFinal =
        noFields()
            .that()
            .areStatic()
            .and()
            .areDeclaredInClassesThat()
            .resideInAPackage(root + "..")
            .and(DescribedPredicate.not(compilerMade))
            .should()
            .haveRawType(
                DescribedPredicate.describe(
                    "a mutable type (array, collection, atomic, builder)",
                    (JavaClass type) ->
                        type.isArray() || MUTABLE_TYPES.stream().anyMatch(type::isEquivalentTo)));
    return CompositeArchRule.of(nonFinal)
        .and(mutableFinal)
        .as("no static mutable state")
        .because(
            "several engines must live in one JVM and tests run in parallel; static state would leak "
                + "between them (STYLE.md 3.8)");
  }

  /** The most methods (abstract and default, not static) an SPI interface may declare. */
  static final int MAX_SPI_METHODS = 15;

  static ArchRule spisStayNarrow(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..spi..")
        .and()
        .areInterfaces()
        .and()
        .arePublic()
        .should(
            new ArchCondition<JavaClass>("declare at most " + MAX_SPI_METHODS + " methods") {
              @Override
              public void check(JavaClass item, ConditionEvents events) {
                long methods =
                    item.getMethods().stream()
                        .filter(
                            m ->
                                !m.getModifiers()
                                    .contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC))
                        .count();
                if (methods > MAX_SPI_METHODS) {
                  events.add(
                      SimpleConditionEvent.violated(
                          item,
                          item.getName()
                              + " declares "
                              + methods
                              + " methods (at most "
                              + MAX_SPI_METHODS
                              + ")"));
                }
              }
            })
        .as("SPI interfaces declare at most " + MAX_SPI_METHODS + " methods")
        .because(
            "every method of an SPI is work for each implementation and each contract test; a wide"
                + " SPI wants splitting by capability (ARCHITECTURE-REVIEW.md section 2)");
  }

  static List<ArchRule> all(String root) {
    return List.of(
        spisStayNarrow(root),
        coreDependsOnNoOtherModule(root),
        noModuleTouchesAnotherModulesInternals(root),
        spiDoesNotDependOnImplementations(root),
        noPackageCycles(root),
        noConsoleOutput(root),
        noStaticMutableState(root));
  }
}
