package dev.waggle.domain.archfixture;

import java.net.URI;
import java.nio.file.Path;

/** Rule fixture: a domain value holding a path and a URL, which the I/O rule must let pass. */
public record HoldsAPath(Path path, URI url) {
  static HoldsAPath of(String path, String url) {
    return new HoldsAPath(Path.of(path), URI.create(url));
  }
}
