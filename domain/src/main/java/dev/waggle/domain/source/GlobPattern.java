package dev.waggle.domain.source;

import dev.waggle.domain.ValidationException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Value object: a name glob as ToolHive filters use them — {@code *} matches any run of characters
 * including {@code /}, {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [!a]} one
 * character of a class, {@code {a,b}} one of several alternatives (each itself a glob, not nested),
 * {@code \} escapes the next character.
 */
public record GlobPattern(String glob, Pattern regex) {

  public GlobPattern {
    if (glob == null || glob.isEmpty()) {
      throw new ValidationException("pattern", glob, "a glob pattern must not be empty");
    }
  }

  public static GlobPattern compile(String field, String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new ValidationException(field, glob, "a glob pattern must not be empty");
    }
    StringBuilder regex = new StringBuilder();
    boolean inAlternatives = false;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      switch (c) {
        case '{' -> {
          if (inAlternatives) {
            throw new ValidationException(field, glob, "'{' alternatives cannot be nested");
          }
          inAlternatives = true;
          regex.append("(?:");
        }
        case ',' -> regex.append(inAlternatives ? "|" : Pattern.quote(","));
        case '}' -> {
          if (!inAlternatives) {
            throw new ValidationException(field, glob, "a '}' has no opening '{'");
          }
          inAlternatives = false;
          regex.append(')');
        }
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '\\' -> {
          if (i + 1 >= glob.length()) {
            throw new ValidationException(field, glob, "the pattern ends with a lone '\\'");
          }
          regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
        }
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            throw new ValidationException(field, glob, "a '[' character class is not closed");
          }
          String body = glob.substring(i + 1, end);
          boolean negated = body.startsWith("!") || body.startsWith("^");
          if (negated) {
            body = body.substring(1);
          }
          if (body.isEmpty()) {
            throw new ValidationException(field, glob, "a '[' character class is empty");
          }
          StringBuilder cls = new StringBuilder(negated ? "[^" : "[");
          for (char k : body.toCharArray()) {
            cls.append(
                k == '-' ? "-" : Character.isLetterOrDigit(k) ? String.valueOf(k) : "\\" + k);
          }
          regex.append(cls).append(']');
          i = end;
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    if (inAlternatives) {
      throw new ValidationException(field, glob, "a '{' alternatives group is not closed");
    }
    try {
      return new GlobPattern(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
    } catch (PatternSyntaxException e) {
      throw new ValidationException(field, glob, "not a valid glob: " + e.getDescription());
    }
  }

  public boolean matches(String text) {
    return regex.matcher(text).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GlobPattern other && other.glob.equals(glob);
  }

  @Override
  public int hashCode() {
    return glob.hashCode();
  }

  @Override
  public String toString() {
    return glob;
  }
}
