package dev.waggle.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.waggle.adapters.http.ProblemJson.ProblemDetailJson;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * HTTP adapter helper: reads a JSON request body into a DTO — at most {@link #MAX_BYTES} (413
 * beyond), well-formed and without unknown fields (400 naming where), so that a misspelt key is
 * reported rather than silently dropped.
 */
final class RequestBodies {
  /** Far above any source definition or registry; an inline registry file is the largest body. */
  static final int MAX_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private RequestBodies() {}

  static <T> T read(Context ctx, Class<T> type) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BYTES) {
      throw tooLarge();
    }
    byte[] body;
    if (declared >= 0) {
      // Through Javalin, which keeps the bytes for the audit trail's request data.
      body = ctx.bodyAsBytes();
    } else {
      // Chunked: read no further than the limit, whatever the sender has in store.
      try (InputStream in = ctx.req().getInputStream()) {
        body = in.readNBytes(MAX_BYTES + 1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (body.length > MAX_BYTES) {
      throw tooLarge();
    }
    if (body.length == 0) {
      throw invalid("body", "a JSON object is required");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw invalid("body", "a JSON object is required");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw invalid("body." + path(e), "unknown field; known fields: " + e.getKnownPropertyIds());
    } catch (JsonMappingException e) {
      String path = path(e);
      throw invalid(path.isEmpty() ? "body" : "body." + path, e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw invalid("body", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ContentTooLargeResponse tooLarge() {
    return new ContentTooLargeResponse(
        "The request body is larger than " + (MAX_BYTES >> 20) + " MiB.");
  }

  private static InvalidRequestException invalid(String location, String message) {
    return new InvalidRequestException(List.of(new ProblemDetailJson(location, null, message)));
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
}
