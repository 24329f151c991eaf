# The Waggle image: `serve` by default, `operator` or any other subcommand as the arguments.
#
#   mvn -B package -DskipTests && docker build -t ghcr.io/waggle-dev/waggle:<version> .
#
# podman and buildah need --skip-unused-stages=false here: they only resolve FROM ${BASE} to the
# runtime stage when they built it.
#
# Without Docker, deploy/image/build.sh builds this same file with buildah on a runtime it makes
# from Debian's packages (BASE=<that image>), and writes an OCI archive.

# Another runtime image with the same contract (java on the PATH, user 65532 with home
# /home/appuser, a writable /var/lib/waggle) may be named here.
ARG BASE=runtime

# The runtime: Debian's OpenJDK 17 JRE and the non-root user, made by the same script build.sh
# runs through mmdebstrap. Skipped when BASE names another image.
FROM docker.io/library/debian:bookworm-slim AS runtime
COPY deploy/image/runtime.sh /usr/local/sbin/waggle-runtime.sh
RUN sh /usr/local/sbin/waggle-runtime.sh && rm /usr/local/sbin/waggle-runtime.sh

FROM ${BASE}
ARG VERSION=unknown
LABEL org.opencontainers.image.title="Waggle" \
      org.opencontainers.image.description="MCP server registry and its Kubernetes operator" \
      org.opencontainers.image.version="${VERSION}"

COPY bootstrap/target/waggle.jar /app/waggle.jar

# The embedded PostgreSQL (used when config.yaml has no database block) keeps its data here;
# mount a volume, or set WAGGLE_HOME to another writable place (the operator uses /tmp/waggle).
ENV WAGGLE_HOME=/var/lib/waggle \
    HOME=/home/appuser \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/var/lib/waggle"]
WORKDIR /app
USER 65532:65532
# 8080: the public API; 8081: /health, /readiness, /version and /metrics.
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/app/waggle.jar"]
CMD ["serve"]
