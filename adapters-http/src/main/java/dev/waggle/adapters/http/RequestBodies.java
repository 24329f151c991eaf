package dev.waggle.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.waggle.adapters.http.ProblemJson.ProblemDetailJson;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * HTTP adapter helper: reads a request body for the admin API — at most {@link #MAX_BYTES}, else
 * 413, whether or not the client announced its length — and parses it as one JSON object, else a
 * 400 that says what is wrong with it.
 */
final class RequestBodies {
  /**
   * Far above any real server.json, skill or claims body, far below what would hurt the heap; the
   * same as Javalin's own limit on the bodies it reads.
   */
  static final int MAX_BYTES = 1_000_000;

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private RequestBodies() {}

  /** The body as UTF-8 text. */
  static String text(Context ctx) {
    long announced = ctx.req().getContentLengthLong();
    if (announced > MAX_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    if (announced >= 0) {
      // A known length within the limit: Javalin reads and keeps the body, so that whatever runs
      // after the handler (the audit trail) sees it too.
      bytes = ctx.bodyAsBytes();
    } else {
      // Chunked: Javalin would read it whole whatever its size, so it is counted here instead.
      try (InputStream in = ctx.req().getInputStream()) {
        // One byte past the limit tells a body that is too large from one that just fits.
        bytes = in.readNBytes(MAX_BYTES + 1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the request body", e);
      }
      if (bytes.length > MAX_BYTES) {
        throw tooLarge();
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("the request body is not UTF-8 text");
    }
  }

  /** Parses {@code text} as one JSON object. */
  static JsonNode object(String text) {
    if (text.isBlank()) {
      throw invalid("a JSON object is required");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid("the request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw invalid("a JSON object is required");
    }
    return node;
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * The body bound to a DTO, refusing fields the DTO does not know, so that a misspelt key is a 400
   * naming it rather than silently dropped.
   */
  static <T> T read(Context ctx, Class<T> type) {
    String text = text(ctx);
    object(text);
    try {
      return STRICT.readValue(text, type);
    } catch (UnrecognizedPropertyException e) {
      throw invalid("body." + path(e), "unknown field; known fields: " + e.getKnownPropertyIds());
    } catch (JsonMappingException e) {
      String path = path(e);
      throw invalid(path.isEmpty() ? "body" : "body." + path, e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw invalid("the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Where in the body a mapping failed, as {@code file.timeout} or {@code sources[1]}. */
  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            ref ->
                ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static InvalidRequestException invalid(String location, String message) {
    return new InvalidRequestException(List.of(new ProblemDetailJson(location, null, message)));
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException(List.of(new ProblemDetailJson("body", null, message)));
  }

  private static HttpResponseException tooLarge() {
    return new HttpResponseException(
        413, "The request body is larger than " + MAX_BYTES + " bytes.");
  }
}
