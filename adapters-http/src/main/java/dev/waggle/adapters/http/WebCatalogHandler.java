package dev.waggle.adapters.http;

import dev.waggle.domain.registry.RegistryName;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * HTTP adapter: serves the web catalog under {@code /ui} — one page and a fixed set of static
 * assets packed in the jar, which read the catalog through the public API with the browser's own
 * credentials — plus the page's settings (the default registry's name).
 */
final class WebCatalogHandler {
  /** The page; {@code /ui} alone is sent on to {@code /ui/} so that relative links resolve. */
  static final String PAGE = "/ui";

  static final String ASSETS = "/ui/assets";
  static final String ASSET = ASSETS + "/{file}";

  /** Names the default registry; answered only to callers the catalog itself would answer. */
  static final String SETTINGS = "/ui/settings.json";

  /**
   * Scripts, styles and requests from this origin only, and no inline script at all: text from a
   * registry can never run as code. Images may come from any HTTPS host because server.json icons
   * are HTTPS URLs by schema; an image cannot run script.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final String RESOURCE_DIR = "ui/";

  /** Every file the page is made of; nothing else under {@code /ui/assets} is served. */
  private static final Map<String, String> FILES =
      Map.of(
          "app.js", "text/javascript; charset=utf-8",
          "api.js", "text/javascript; charset=utf-8",
          "dom.js", "text/javascript; charset=utf-8",
          "views.js", "text/javascript; charset=utf-8",
          "style.css", "text/css; charset=utf-8",
          "favicon.svg", "image/svg+xml");

  private final Asset page;
  private final Map<String, Asset> assets;
  private final Supplier<RegistryName> defaultRegistry;

  WebCatalogHandler(Supplier<RegistryName> defaultRegistry) {
    this.defaultRegistry =
        Objects.requireNonNull(defaultRegistry, "'defaultRegistry' must not be null");
    this.page = Asset.load("index.html", "text/html; charset=utf-8");
    Map<String, Asset> loaded = new LinkedHashMap<>();
    FILES.forEach((file, type) -> loaded.put(file, Asset.load(file, type)));
    this.assets = Map.copyOf(loaded);
  }

  void page(Context ctx) {
    if (!ctx.path().endsWith("/")) {
      String query = ctx.queryString();
      ctx.redirect(PAGE + "/" + (query == null ? "" : "?" + query), HttpStatus.FOUND);
      return;
    }
    send(ctx, page);
  }

  void asset(Context ctx) {
    Asset asset = assets.get(ctx.pathParam("file"));
    if (asset == null) {
      ProblemResponses.write(
          ctx, ProblemJson.of(404, "No such file of the web catalog: " + ctx.pathParam("file")));
      return;
    }
    send(ctx, asset);
  }

  void settings(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    JsonBodies.write(ctx, 200, Map.of("defaultRegistry", defaultRegistry.get().value()));
  }

  /** Headers of every answer under {@code /ui}, errors included. */
  static void addHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  static boolean isUnder(String path) {
    return path.equals(PAGE) || path.startsWith(PAGE + "/");
  }

  private static void send(Context ctx, Asset asset) {
    // Revalidated on every load, so that a new jar's page is never mixed with an old script.
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", asset.etag());
    String match = ctx.header("If-None-Match");
    if (asset.etag().equals(match)) {
      ctx.status(304);
      return;
    }
    ctx.res().setCharacterEncoding(null);
    ctx.contentType(asset.contentType());
    ctx.status(200).result(asset.bytes());
  }

  /** One packaged file, read once at start. */
  private record Asset(byte[] bytes, String contentType, String etag) {
    static Asset load(String file, String contentType) {
      String resource = RESOURCE_DIR + file;
      try (InputStream in = WebCatalogHandler.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("the web catalog file " + resource + " is not packaged");
        }
        byte[] bytes = in.readAllBytes();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        String etag = "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        return new Asset(bytes, contentType, etag);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the web catalog file " + resource, e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
      }
    }
  }
}
