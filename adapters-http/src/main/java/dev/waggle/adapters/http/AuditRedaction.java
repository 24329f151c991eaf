package dev.waggle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP adapter helper: takes secrets out of a request body before the audit trail keeps it. A
 * source written through {@code PUT /v1/sources} can carry git credentials ({@code
 * auth.passwordFile}), an inline registry whose servers declare secret environment values, or a
 * repository URL with a token in it; a body that is not JSON is scrubbed as text.
 */
final class AuditRedaction {
  static final String REDACTED = "[REDACTED]";

  /**
   * Key fragments, compared without case, {@code -} or {@code _}, whose values are secrets or say
   * where one is kept ({@code passwordFile}, {@code clientSecretFile}, {@code authTokenFile}).
   */
  private static final List<String> SECRET_KEYS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "token",
          "authorization",
          "apikey",
          "privatekey",
          "sshkey",
          "credential",
          "cookie");

  /** {@code scheme://user:password@host}: the user information of a URL. */
  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s\"]+@");

  /** A bearer credential written out, and anything shaped like a JWT. */
  private static final Pattern CREDENTIAL =
      Pattern.compile(
          "(?i)\\bbearer\\s+[A-Za-z0-9\\-._~+/]{8,}=*"
              + "|\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

  /** {@code key: value}, {@code key=value} or {@code "key": "value"} in free text. */
  private static final Pattern SECRET_PAIR =
      Pattern.compile(
          "(?i)(\"?[a-z0-9_-]*(?:password|passwd|passphrase|secret|token|authorization|api[-_]?key"
              + "|private[-_]?key|credential|cookie)[a-z0-9_-]*\"?\\s*[:=]\\s*)"
              + "(\"[^\"]*\"|[^\\s,;&}]+)");

  private AuditRedaction() {}

  static boolean isSecretKey(String key) {
    String normal = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (String fragment : SECRET_KEYS) {
      if (normal.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** A copy of {@code body} with every secret value replaced by {@value #REDACTED}. */
  static JsonNode redact(JsonNode body) {
    JsonNode copy = body.deepCopy();
    return walk(copy);
  }

  private static JsonNode walk(JsonNode node) {
    if (node instanceof ObjectNode object) {
      // An MCP server's environment variable or header marked secret keeps its value there.
      boolean markedSecret = object.path("isSecret").asBoolean(false);
      // A copy: the loop replaces values as it goes.
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
      for (Map.Entry<String, JsonNode> field : fields) {
        String key = field.getKey();
        boolean secretValue = markedSecret && (key.equals("value") || key.equals("default"));
        if ((isSecretKey(key) || secretValue) && !field.getValue().isNull()) {
          object.set(key, TextNode.valueOf(REDACTED));
        } else {
          object.set(key, walk(field.getValue()));
        }
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, walk(array.get(i)));
      }
      return array;
    }
    if (node.isTextual()) {
      String text = node.textValue();
      String scrubbed = redactText(text);
      return scrubbed.equals(text) ? node : TextNode.valueOf(scrubbed);
    }
    return node;
  }

  /** {@code text} with credentials in URLs, bearer tokens, JWTs and secret pairs replaced. */
  static String redactText(String text) {
    String out =
        URL_USERINFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "@");
    out = CREDENTIAL.matcher(out).replaceAll(Matcher.quoteReplacement(REDACTED));
    return SECRET_PAIR.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
  }
}
