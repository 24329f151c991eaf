package dev.waggle.adapters.http;

/** HTTP adapter error: a browser page of another origin asked for a write; answered with 403. */
final class CrossOriginRefusedException extends RuntimeException {
  CrossOriginRefusedException() {
    super(
        "Cross-origin requests may not trigger a sync; send it without an Origin header, as the"
            + " operator and command-line clients do.",
        null,
        false,
        false);
  }
}
