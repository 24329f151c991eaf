package dev.waggle.adapters.http;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Role;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter: the public listener's gate, run before every route. In OAuth mode a request outside
 * the public paths needs a bearer token one of the providers (tried in order) vouches for, else a
 * 401 with an RFC 6750 challenge, or a 503 when the provider that issued the token cannot be
 * reached — never access. Without an {@code auth} block the {@code /v1} writes are refused with a
 * 403 that says how to open them.
 */
final class Authentication {
  private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);
  private static final String CALLER = "waggle.caller";
  private static final String DOMAIN_CALLER = "waggle.domainCaller";
  private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
  static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

  /** Seconds a client should wait when an identity provider is down. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final AuthSettings settings;
  private final PublicPaths publicPaths;
  private final List<ProviderTokenValidator> providers;

  Authentication(AuthSettings settings, Clock clock) {
    this.settings = settings;
    this.publicPaths = new PublicPaths(settings.publicPaths());
    List<ProviderTokenValidator> validators = new ArrayList<>();
    settings
        .oauth()
        .ifPresent(
            oauth ->
                oauth
                    .providers()
                    .forEach(
                        p ->
                            validators.add(
                                new ProviderTokenValidator(p, oauth.insecureUrls(), clock))));
    this.providers = List.copyOf(validators);
  }

  AuthSettings settings() {
    return settings;
  }

  /** Who made this request, when a provider vouched for it. */
  static Optional<Identity> caller(Context ctx) {
    return Optional.ofNullable(ctx.attribute(CALLER));
  }

  /**
   * The caller as the use cases judge it, worked out once per request by {@link #before}. Without
   * {@code auth.authz} a caller a provider vouched for holds every role and its claims are not
   * checked, as in ToolHive's auth-only mode; with it, the caller holds the roles its token's
   * claims earn and sees what those claims reach.
   */
  static Caller domainCaller(Context ctx) {
    Caller resolved = ctx.attribute(DOMAIN_CALLER);
    if (resolved != null) {
      return resolved;
    }
    // Only a request that never passed the gate (a handler driven on its own) comes here.
    return caller(ctx).map(Authentication::unrestricted).orElse(Caller.anonymous());
  }

  /** The caller a token makes: narrowed by the role rules when there are any. */
  Caller resolve(Identity identity) {
    String subject = identity.subject().orElse(null);
    return settings
        .authz()
        .map(rules -> rules.caller(subject, identity.claims()))
        .orElseGet(() -> unrestricted(identity));
  }

  private static Caller unrestricted(Identity identity) {
    return Caller.authenticated(
        identity.subject().orElse(null), Optional.empty(), EnumSet.allOf(Role.class));
  }

  void before(Context ctx) {
    switch (settings.mode()) {
      case ANONYMOUS -> {
        // Open by choice: someone wrote auth.mode: anonymous. Role rules, if any, are ignored.
        ctx.attribute(DOMAIN_CALLER, Caller.anonymous());
      }
      case UNSET -> {
        ctx.attribute(DOMAIN_CALLER, Caller.anonymous());
        refuseAdminWrites(ctx);
      }
      case OAUTH -> authenticate(ctx);
    }
  }

  /**
   * In OAuth mode catalog answers depend on the caller's token: no shared cache may keep them for
   * everyone.
   */
  void after(Context ctx) {
    if (settings.mode() != AuthSettings.Mode.OAUTH) {
      return;
    }
    String cacheControl = ctx.res().getHeader("Cache-Control");
    if (cacheControl != null && cacheControl.startsWith("public")) {
      ctx.header("Cache-Control", "private" + cacheControl.substring("public".length()));
    }
  }

  private static void refuseAdminWrites(Context ctx) {
    if (WRITE_METHODS.contains(ctx.method().name()) && ctx.path().startsWith("/v1/")) {
      ProblemResponses.write(
          ctx,
          ProblemJson.of(
              403,
              "The admin API is closed: config.yaml has no auth block. Set auth.mode to oauth"
                  + " to require tokens, or to anonymous to open it to everyone."));
      ctx.skipRemainingHandlers();
    }
  }

  private void authenticate(Context ctx) {
    if (ctx.method().name().equals("OPTIONS") || publicPaths.isPublic(ctx.path())) {
      // A CORS preflight never carries credentials, and answering it reveals nothing. A public
      // path is public as in ToolHive: no token is read there, so no role or claim check runs —
      // the operator listed it to be open to everyone.
      ctx.attribute(DOMAIN_CALLER, Caller.anonymous());
      return;
    }
    Optional<String> token = bearerToken(ctx.header("Authorization"));
    if (token.isEmpty()) {
      challenge(ctx, "invalid_request", "missing or malformed authorization header");
      return;
    }
    // The reason told is that of the first provider the token claims to come from, if any.
    TokenVerdict.Rejected rejection = null;
    TokenVerdict.Unreachable unreachable = null;
    for (ProviderTokenValidator provider : providers) {
      TokenVerdict verdict = provider.validate(token.get());
      if (verdict instanceof TokenVerdict.Accepted accepted) {
        ctx.attribute(CALLER, accepted.caller());
        ctx.attribute(DOMAIN_CALLER, resolve(accepted.caller()));
        return;
      } else if (verdict instanceof TokenVerdict.Rejected rejected) {
        if (rejection == null || (rejected.issuerMatched() && !rejection.issuerMatched())) {
          rejection = rejected;
        }
      } else if (verdict instanceof TokenVerdict.Unreachable down && unreachable == null) {
        unreachable = down;
      }
    }
    if (unreachable != null) {
      // The one provider that could have vouched for the token is down: not a verdict on it.
      LOG.warn(
          "Cannot check a token on {} {}: OAuth provider {} {}",
          ctx.method(),
          ctx.path(),
          unreachable.provider(),
          unreachable.problem());
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      ProblemResponses.write(
          ctx,
          ProblemJson.of(
              503,
              "The identity provider '"
                  + unreachable.provider()
                  + "' cannot be reached to check the token; retry in "
                  + RETRY_AFTER_SECONDS
                  + " seconds."));
      ctx.skipRemainingHandlers();
      return;
    }
    challenge(
        ctx,
        "invalid_token",
        "token validation failed: "
            + (rejection == null ? "the token is invalid" : rejection.reason()));
  }

  /** The token of an {@code Authorization: Bearer <token>} header (RFC 6750 §2.1), if any. */
  static Optional<String> bearerToken(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String trimmed = header.strip();
    int space = trimmed.indexOf(' ');
    if (space < 0 || !trimmed.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    String token = trimmed.substring(space + 1).strip();
    if (token.isEmpty() || !token.matches("[A-Za-z0-9\\-._~+/]+=*")) {
      return Optional.empty();
    }
    return Optional.of(token);
  }

  private void challenge(Context ctx, String error, String description) {
    ctx.header("WWW-Authenticate", wwwAuthenticate(error, description));
    ctx.header("Access-Control-Expose-Headers", "WWW-Authenticate");
    ProblemResponses.write(ctx, ProblemJson.of(401, description));
    ctx.skipRemainingHandlers();
  }

  String wwwAuthenticate(String error, String description) {
    OAuthSettings oauth = settings.oauth().orElseThrow();
    StringBuilder header =
        new StringBuilder("Bearer realm=\"")
            .append(quoted(oauth.realm()))
            .append("\", error=\"")
            .append(quoted(error))
            .append("\", error_description=\"")
            .append(quoted(description))
            .append('"');
    metadataUrl(oauth)
        .ifPresent(url -> header.append(", resource_metadata=\"").append(quoted(url)).append('"'));
    return header.toString();
  }

  /** Where ToolHive points clients: the {@code resourceUrl} with the RFC 9728 path appended. */
  static Optional<String> metadataUrl(OAuthSettings oauth) {
    return oauth
        .resourceUrl()
        .map(URI::toString)
        .map(url -> (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + METADATA_PATH);
  }

  /** An RFC 7230 quoted-string's content: no line breaks, quotes and backslashes escaped. */
  private static String quoted(String text) {
    return text.replaceAll("[\\r\\n]", "").replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
