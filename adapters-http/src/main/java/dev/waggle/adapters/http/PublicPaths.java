package dev.waggle.adapters.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP adapter helper: the paths OAuth mode answers without a token — the API documents, the {@code
 * /.well-known} discovery documents, the public listener's health and ping, and the configured
 * {@code auth.publicPaths} — matched segment by segment ({@code /docs} covers {@code /docs/x} but
 * not {@code /docsx}). A path with an encoded {@code /} or {@code .} is never public, so no
 * spelling of a path can slip past its prefix.
 */
final class PublicPaths {
  static final List<String> BUILT_IN =
      List.of(
          "/openapi.json",
          "/openapi.yaml",
          "/.well-known",
          "/v0.1/health",
          "/v0/health",
          "/v0.1/ping",
          "/v0/ping",
          WebCatalogHandler.ASSETS);

  /** Public as themselves only: {@code /ui} is, {@code /ui/settings.json} is not. */
  static final List<String> BUILT_IN_EXACT = List.of(WebCatalogHandler.PAGE);

  private final List<String> prefixes;

  PublicPaths(List<String> configured) {
    List<String> all = new ArrayList<>(BUILT_IN);
    for (String path : configured) {
      all.add(clean(path));
    }
    this.prefixes = List.copyOf(all);
  }

  /**
   * @param rawPath the path as it came on the wire, not decoded
   */
  boolean isPublic(String rawPath) {
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%2e") || lower.contains("%5c")) {
      return false;
    }
    String path = clean(rawPath);
    if (BUILT_IN_EXACT.contains(path)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }

  /** Dot segments resolved, repeated and trailing slashes dropped. */
  static String clean(String path) {
    String normalized;
    try {
      normalized = new URI(null, null, path.replaceAll("/+", "/"), null).normalize().getPath();
    } catch (java.net.URISyntaxException e) {
      return path;
    }
    if (normalized == null || normalized.isEmpty() || !normalized.startsWith("/")) {
      return "/" + (normalized == null ? "" : normalized);
    }
    return normalized.length() > 1 && normalized.endsWith("/")
        ? normalized.substring(0, normalized.length() - 1)
        : normalized;
  }
}
