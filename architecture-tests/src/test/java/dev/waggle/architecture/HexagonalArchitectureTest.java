package dev.waggle.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of ARCHITECTURE.md, each a sentence that reads as the bug when it fails. */
@AnalyzeClasses(packages = "dev.waggle", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonalArchitectureTest {

  @ArchTest
  static final ArchRule domain_should_depend_on_nothing_but_the_jdk =
      classes()
          .that()
          .resideInAPackage("dev.waggle.domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("dev.waggle.domain..", "java..");

  @ArchTest
  static final ArchRule application_should_depend_only_on_the_domain_and_the_jdk =
      classes()
          .that()
          .resideInAPackage("dev.waggle.application..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("dev.waggle.application..", "dev.waggle.domain..", "java..");

  @ArchTest
  static final ArchRule adapters_should_not_depend_on_each_other =
      slices().matching("dev.waggle.adapters.(*)..").should().notDependOnEachOther();

  @ArchTest
  static final ArchRule adapters_should_not_depend_on_application_services =
      noClasses()
          .that()
          .resideInAPackage("dev.waggle.adapters..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.waggle.application.service..")
          .because("adapters talk to the core through ports; bootstrap wires the services");

  @ArchTest
  static final ArchRule ports_should_not_depend_on_services =
      noClasses()
          .that()
          .resideInAPackage("dev.waggle.application.port..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.waggle.application.service..");

  @ArchTest
  static final ArchRule nothing_but_bootstrap_should_depend_on_bootstrap =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.waggle.bootstrap..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.waggle.bootstrap..");

  @ArchTest
  static final ArchRule only_bootstrap_should_create_the_injector =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.waggle.bootstrap..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("com.google.inject.Guice")
          .because("the composition root is bootstrap alone");

  @ArchTest
  static final ArchRule in_ports_should_be_interfaces_records_or_exceptions =
      classes()
          .that()
          .resideInAPackage("dev.waggle.application.port.in..")
          .should()
          .beInterfaces()
          .orShould()
          .beRecords()
          .orShould()
          .beAssignableTo(RuntimeException.class)
          .orShould()
          .beEnums();

  @ArchTest
  static final ArchRule the_hexagon_should_hold_as_a_whole =
      onionArchitecture()
          .domainModels("dev.waggle.domain..")
          .applicationServices("dev.waggle.application..")
          .adapter("http", "dev.waggle.adapters.http..")
          .adapter("postgres", "dev.waggle.adapters.postgres..")
          .adapter("sources", "dev.waggle.adapters.sources..")
          .adapter("k8s", "dev.waggle.adapters.k8s..")
          .withOptionalLayers(true)
          // The composition root sits outside the rings on purpose: it is the one place that
          // knows every module.
          .ignoreDependency(resideInAPackage("dev.waggle.bootstrap.."), alwaysTrue());
}
