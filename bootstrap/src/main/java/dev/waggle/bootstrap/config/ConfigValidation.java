package dev.waggle.bootstrap.config;

import dev.waggle.domain.GoDuration;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.groups.Default;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.hibernate.validator.HibernateValidator;

/**
 * Configuration: runs the Bean Validation constraints of {@link ConfigFile} and reports every
 * violation with its key path ({@code sources[2].kubernetes.namespaces[1]}) and rejected value.
 */
final class ConfigValidation {
  /** Where a message wants the rejected value; without it the value is appended. */
  static final String GOT = "{got}";

  private static final Validator VALIDATOR =
      Validation.byProvider(HibernateValidator.class)
          .configure()
          // Messages are literal text, so no expression language (and no EL library) is needed.
          .messageInterpolator(new Literal())
          .buildValidatorFactory()
          .getValidator();

  private ConfigValidation() {}

  static void validate(ConfigFile.Root root, ConfigReport report) {
    boolean oauth =
        root.auth() != null && "oauth".equals(Objects.toString(root.auth().mode(), "").strip());
    Class<?>[] groups =
        oauth
            ? new Class<?>[] {Default.class, ConfigFile.OAuthMode.class}
            : new Class<?>[] {Default.class};
    // Bean Validation returns a set; sorted, the same file always gives the same report.
    Map<String, List<String>> byPath = new TreeMap<>();
    for (ConstraintViolation<ConfigFile.Root> violation : VALIDATOR.validate(root, groups)) {
      byPath
          .computeIfAbsent(path(violation.getPropertyPath()), p -> new ArrayList<>())
          .add(violation.getMessage());
    }
    byPath.forEach(
        (path, messages) -> {
          // A value that could not be read is already reported; "is required" would repeat it.
          if (!report.hasErrorAt(path)) {
            messages.stream().sorted().forEach(message -> report.error(path, message));
          }
        });
  }

  /** Renders a Bean Validation path the way the file is written: {@code a[0].b}. */
  static String path(Path propertyPath) {
    StringBuilder path = new StringBuilder();
    for (Path.Node node : propertyPath) {
      if (node.getIndex() != null) {
        path.append('[').append(node.getIndex()).append(']');
      }
      if (node.getKind() == ElementKind.PROPERTY) {
        path.append(path.length() == 0 ? "" : ".").append(node.getName());
      }
    }
    return path.toString();
  }

  static String describe(Object value) {
    if (value instanceof Duration duration) {
      return GoDuration.format(duration);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value instanceof Number ? value.toString() : "\"" + value + "\"";
  }

  /** Takes a message as written and adds the rejected value. */
  private static final class Literal implements MessageInterpolator {
    @Override
    public String interpolate(String template, Context context) {
      Object value = context.getValidatedValue();
      if (template.contains(GOT)) {
        return template.replace(GOT, describe(value));
      }
      // A list is reported for being empty or absent: there is no value to show.
      return value == null || value instanceof Collection
          ? template
          : template + " (got " + describe(value) + ")";
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
      return interpolate(template, context);
    }
  }
}
