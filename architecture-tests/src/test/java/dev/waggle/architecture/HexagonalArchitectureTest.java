package dev.waggle.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URI;
import java.nio.file.Path;

/** The dependency rules of ARCHITECTURE.md, each a sentence that reads as the bug when it fails. */
@AnalyzeClasses(packages = "dev.waggle", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonalArchitectureTest {

  /**
   * Types whose use means I/O. {@link java.nio.file.Path} and {@link java.net.URI} stay allowed:
   * the domain holds them as values (a file source's path, a URL), and building or comparing one
   * touches nothing; what would read through them ({@code Files}, {@code File}, channels, HTTP) is
   * forbidden here.
   */
  private static final DescribedPredicate<JavaClass> DOES_IO =
      resideInAnyPackage(
              "java.io..",
              "java.nio.file..",
              "java.nio.channels..",
              "java.net..",
              "java.sql..",
              "javax.sql..")
          .or(type(ProcessBuilder.class))
          .or(type(Process.class))
          .or(type(Runtime.class))
          .and(not(type(Path.class)))
          .and(not(type(URI.class)))
          .as(
              "do I/O (java.io, java.nio.file but Path, java.net but URI, channels, SQL, processes)");

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
  static final ArchRule out_ports_should_not_depend_on_in_ports =
      noClasses()
          .that()
          .resideInAPackage("dev.waggle.application.port.out..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.waggle.application.port.in..")
          .because(
              "what the application needs from storage and sources must not change with what its"
                  + " callers ask");

  @ArchTest
  static final ArchRule driving_adapters_should_not_call_out_ports =
      noClasses()
          .that()
          .resideInAnyPackage("dev.waggle.adapters.http..", "dev.waggle.adapters.k8s..")
          .should()
          .callMethodWhere(
              target(owner(resideInAPackage("dev.waggle.application.port.out..")))
                  .and(target(owner(INTERFACES))))
          .because(
              "a driving adapter reaches storage and sources only through a use case, which"
                  + " holds the rules; implementing an out-port is fine");

  @ArchTest
  static final ArchRule the_domain_should_do_no_io =
      noClasses()
          .that()
          .resideInAPackage("dev.waggle.domain..")
          .should()
          .dependOnClassesThat(DOES_IO)
          .orShould()
          .callMethodWhere(
              target(name("getenv").or(name("getProperty"))).and(target(owner(type(System.class)))))
          .because(
              "the domain states rules over values; reading files, the network, a database or the"
                  + " environment belongs to adapters and bootstrap");

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
