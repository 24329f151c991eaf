package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Role;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * HTTP adapter: who the caller is ({@code GET /v1/me}) and how to get a token for this API ({@code
 * GET /.well-known/oauth-protected-resource}, RFC 9728, in OAuth mode only).
 */
final class IdentityHandler {
  static final String ME = "/v1/me";

  /**
   * Without {@code auth.authz} every caller the configuration lets in may do everything, as in
   * ToolHive, which lists these four then.
   */
  static final List<String> ALL_ROLES = Arrays.stream(Role.values()).map(Role::wireName).toList();

  private final Authentication authentication;

  IdentityHandler(Authentication authentication) {
    this.authentication = authentication;
  }

  void me(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    AuthSettings.Mode mode = authentication.settings().mode();
    MeJson body =
        Authentication.caller(ctx)
            .map(
                caller ->
                    new MeJson(
                        caller.subject().orElse(null),
                        caller.name().orElse(null),
                        false,
                        caller.provider(),
                        roles(Authentication.domainCaller(ctx)),
                        caller.claims()))
            // Anonymous: nobody was asked who they are. Without an auth block the writes are shut.
            .orElseGet(
                () ->
                    new MeJson(
                        "anonymous",
                        null,
                        true,
                        null,
                        mode == AuthSettings.Mode.ANONYMOUS ? ALL_ROLES : List.of(),
                        Map.of()));
    JsonBodies.write(ctx, 200, body);
  }

  /** The wire names of the roles a caller holds, in ToolHive's order. */
  static List<String> roles(Caller caller) {
    return Arrays.stream(Role.values())
        .filter(caller.roles()::contains)
        .map(Role::wireName)
        .toList();
  }

  void protectedResource(Context ctx) {
    OAuthSettings oauth = authentication.settings().oauth().orElseThrow();
    String resource =
        oauth
            .resourceUrl()
            .map(Object::toString)
            // Not configured: the address the client used is the best name there is.
            .orElseGet(() -> ctx.scheme() + "://" + ctx.host());
    ctx.header("Cache-Control", "public, max-age=3600");
    JsonBodies.write(
        ctx,
        200,
        new ProtectedResourceJson(
            resource,
            oauth.providers().stream().map(OAuthProvider::issuerUrl).distinct().toList(),
            List.of("header")));
  }

  /** {@code GET /v1/me}: ToolHive's {@code subject} and {@code roles}, plus the token's claims. */
  @JsonPropertyOrder({"subject", "name", "anonymous", "provider", "roles", "claims"})
  record MeJson(
      @JsonProperty("subject") String subject,
      @JsonProperty("name") @JsonInclude(JsonInclude.Include.NON_NULL) String name,
      @JsonProperty("anonymous") boolean anonymous,
      @JsonProperty("provider") @JsonInclude(JsonInclude.Include.NON_NULL) String provider,
      @JsonProperty("roles") List<String> roles,
      @JsonProperty("claims") Map<String, Object> claims) {}

  /** RFC 9728 protected resource metadata. */
  @JsonPropertyOrder({"resource", "authorization_servers", "bearer_methods_supported"})
  record ProtectedResourceJson(
      @JsonProperty("resource") String resource,
      @JsonProperty("authorization_servers") List<String> authorizationServers,
      @JsonProperty("bearer_methods_supported") List<String> bearerMethods) {}
}
