package dev.waggle.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Bootstrap: {@code waggle version} — the build's version, commit, date and platform. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the version of this build.")
final class VersionCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    TEXT,
    JSON
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() throws JsonProcessingException {
    BuildMetadata build = BuildMetadata.current();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("version", build.version());
    fields.put("commit", build.commit());
    fields.put("build_date", build.buildDate());
    fields.put("java_version", build.javaVersion());
    fields.put("platform", build.platform());
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      out.println(new ObjectMapper().writeValueAsString(fields));
    } else {
      out.println("Waggle " + build.version());
      out.println("  commit:     " + build.commit());
      out.println("  built:      " + build.buildDate());
      out.println("  java:       " + build.javaVersion());
      out.println("  platform:   " + build.platform());
    }
    out.flush();
    return Main.OK;
  }
}
