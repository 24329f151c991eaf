package dev.waggle.adapters.k8s.reconciler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes adapter: the bearer token the operator's manual sync sends to a registry in {@code
 * auth.mode: oauth} — read from a file on every use, because a projected service-account token is
 * rotated by the kubelet while the operator runs. The file is the one {@value #TOKEN_FILE_ENV}
 * names, else a service-account token projected at {@link #PROJECTED_TOKEN}. The pod's own
 * service-account token is never sent: it is good against the Kubernetes API, and a registry has no
 * business holding it.
 */
public final class SyncCredentials {
  public static final String TOKEN_FILE_ENV = "WAGGLE_OPERATOR_SYNC_TOKEN_FILE";

  /** Where {@code deploy/operator/deployment.yaml} projects a token for the registries. */
  public static final Path PROJECTED_TOKEN =
      Path.of("/var/run/secrets/waggle.dev/registry-api/token");

  /** RFC 6750's b64token: nothing that could end a header or start another. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  private final Optional<Path> configured;
  private final Path projected;

  /**
   * @param configured the token file the operator was told about, if any
   * @param projected where a projected service-account token is looked for otherwise
   */
  public SyncCredentials(Optional<Path> configured, Path projected) {
    this.configured = Objects.requireNonNull(configured, "'configured' must not be null");
    this.projected = Objects.requireNonNull(projected, "'projected' must not be null");
  }

  /** No token file configured; a token projected at {@link #PROJECTED_TOKEN} is used if there. */
  public static SyncCredentials projectedOnly() {
    return new SyncCredentials(Optional.empty(), PROJECTED_TOKEN);
  }

  /** A token, or why there is none. */
  sealed interface Token permits Bearer, Missing {}

  /** The token to send; never logged nor written to a status. */
  record Bearer(String value) implements Token {
    @Override
    public String toString() {
      return "Bearer[redacted]";
    }
  }

  /** Why no token can be sent, in words an operator can act on. */
  record Missing(String reason) implements Token {}

  Token token() {
    if (configured.isPresent()) {
      return read(configured.get(), "the token file " + TOKEN_FILE_ENV + " names");
    }
    if (Files.isRegularFile(projected)) {
      return read(projected, "the projected service-account token");
    }
    return new Missing(
        TOKEN_FILE_ENV
            + " is not set and no service-account token is projected at "
            + projected
            + "; project one with the registry's audience into the operator pod (see"
            + " deploy/README.md, \"Manual sync of an OAuth registry\")");
  }

  private static Token read(Path file, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return new Missing(what + ", " + file + ", does not exist");
    } catch (IOException e) {
      return new Missing("cannot read " + what + ", " + file + ": " + e.getMessage());
    }
    if (text.isEmpty()) {
      return new Missing(what + ", " + file + ", is empty");
    }
    if (!TOKEN.matcher(text).matches()) {
      return new Missing(what + ", " + file + ", does not hold one bearer token");
    }
    return new Bearer(text);
  }
}
