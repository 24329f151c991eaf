package dev.waggle.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.waggle.adapters.http.archfixture.WritesEntriesDirectly;
import dev.waggle.domain.archfixture.HoldsAPath;
import dev.waggle.domain.archfixture.ReadsAFile;
import dev.waggle.domain.archfixture.ReadsTheEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules that pass on Waggle's code would pass on an empty code base too; these fixtures show
 * that they catch what they name and let through what they allow.
 */
class NewRulesCatchTest {

  private static List<String> violations(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported).getFailureReport().getDetails();
  }

  @Test
  void theDomainIoRuleCatchesAFileReadAndAnEnvironmentReadButNotAPathOrUrlValue() {
    List<String> found =
        violations(
            HexagonalArchitectureTest.the_domain_should_do_no_io,
            ReadsAFile.class,
            ReadsTheEnvironment.class,
            HoldsAPath.class);

    assertThat(found).anyMatch(v -> v.contains("ReadsAFile") && v.contains("Files"));
    assertThat(found).anyMatch(v -> v.contains("ReadsTheEnvironment") && v.contains("getenv"));
    assertThat(found).noneMatch(v -> v.contains("HoldsAPath"));
  }

  @Test
  void theDrivingAdapterRuleCatchesACallToAnOutPort() {
    assertThat(
            violations(
                HexagonalArchitectureTest.driving_adapters_should_not_call_out_ports,
                WritesEntriesDirectly.class))
        .anyMatch(v -> v.contains("EntryStore.replaceSourceContents"));
  }
}
