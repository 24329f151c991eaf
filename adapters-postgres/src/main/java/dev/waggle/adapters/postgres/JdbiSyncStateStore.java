package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.source.SourceName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Persistence adapter: {@link SyncStateStore} on PostgreSQL, where a lease is an expiry time and
 * the key of its holder's {@link PostgresLivenessLock} on the source's row: a lease is free once it
 * runs out, or at once when no live session holds that lock any more (the holder died).
 */
final class JdbiSyncStateStore implements SyncStateStore {
  /** SQL that is true when the lease on the row {@code st} may be taken at {@code :now}. */
  private static final String LEASE_FREE =
      "(st.lease_until IS NULL OR st.lease_until <= :now OR (st.lease_holder IS NOT NULL AND "
          + PostgresLivenessLock.holderGone("st.lease_holder")
          + "))";

  /**
   * The phase a source had before it was claimed, read back from what {@link #record} keeps: a
   * success leaves no attempts counted, a failure at least one, and a source never synced neither.
   */
  private static final String PHASE_BEFORE_CLAIM =
      "CASE WHEN st.attempt_count > 0 THEN 'FAILED'"
          + " WHEN st.last_success IS NOT NULL THEN 'COMPLETE' ELSE 'PENDING' END";

  private static final String COLUMNS =
      """
      st.phase, st.last_outcome, st.content_hash, st.definition_fingerprint, st.last_attempt,
      st.last_ended, st.last_success, st.attempt_count, st.next_attempt, st.server_count,
      st.skill_count, st.plugin_count, st.message, st.rejections
      """;

  private final Jdbi jdbi;
  private final PostgresLivenessLock liveness;

  JdbiSyncStateStore(Jdbi jdbi, PostgresLivenessLock liveness) {
    this.jdbi = jdbi;
    this.liveness = liveness;
  }

  @Override
  public List<SourceName> claimDue(Instant now, Duration lease, int max) {
    if (max < 1) {
      return List.of();
    }
    int holder = liveness.key();
    return jdbi.inTransaction(
        handle ->
            handle
                .createQuery(
                    """
                    WITH due AS (
                      SELECT st.source_id
                      FROM sync_state st JOIN source s ON s.id = st.source_id
                      WHERE st.next_attempt <= :now
                        AND %s
                      ORDER BY st.next_attempt, s.name
                      LIMIT :max
                      FOR UPDATE OF st SKIP LOCKED
                    )
                    UPDATE sync_state st
                    SET phase = 'SYNCING', lease_until = :leaseUntil, lease_holder = :holder
                    FROM due, source s
                    WHERE st.source_id = due.source_id AND s.id = st.source_id
                    RETURNING s.name, st.next_attempt
                    """
                        .formatted(LEASE_FREE))
                .bind("now", now)
                .bind("holder", holder)
                .bind("leaseUntil", now.plus(lease))
                .bind("max", max)
                .map(
                    (rs, ctx) ->
                        new Due(rs.getString("name"), PostgresStorage.instant(rs, "next_attempt")))
                .stream()
                .sorted()
                .map(due -> SourceName.of(due.name()))
                .toList());
  }

  @Override
  public Optional<SyncState> claim(SourceName source, Instant now, Duration lease) {
    int holder = liveness.key();
    return jdbi.inTransaction(
        handle ->
            handle
                .createQuery(
                    "UPDATE sync_state st"
                        + " SET phase = 'SYNCING', lease_until = :leaseUntil,"
                        + "     lease_holder = :holder"
                        + " FROM source s"
                        + " WHERE s.id = st.source_id AND s.name = :name AND "
                        + LEASE_FREE
                        + " RETURNING "
                        + COLUMNS)
                .bind("name", source.value())
                .bind("now", now)
                .bind("holder", holder)
                .bind("leaseUntil", now.plus(lease))
                .map((rs, ctx) -> state(rs))
                .findOne());
  }

  @Override
  public Optional<SyncState> find(SourceName source) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM sync_state st JOIN source s ON s.id = st.source_id"
                        + " WHERE s.name = :name")
                .bind("name", source.value())
                .map((rs, ctx) -> state(rs))
                .findOne());
  }

  @Override
  public void makeDue(SourceName source, Instant now) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE sync_state st SET next_attempt = :now FROM source s"
                        + " WHERE s.id = st.source_id AND s.name = :name AND st.next_attempt > :now")
                .bind("name", source.value())
                .bind("now", now)
                .execute());
  }

  @Override
  public void record(SourceName source, SyncState state) {
    jdbi.useTransaction(
        handle -> {
          handle
              .createUpdate(
                  """
                    INSERT INTO sync_state AS st (source_id, phase, last_outcome, content_hash,
                        definition_fingerprint, last_attempt, last_ended, last_success,
                        attempt_count, next_attempt, server_count, skill_count, plugin_count,
                        message, rejections, lease_until)
                    SELECT id, :phase, :lastOutcome, :contentHash, :definitionFingerprint,
                        :lastAttempt, :lastEnded, :lastSuccess, :attemptCount, :nextAttempt,
                        :serverCount, :skillCount, :pluginCount, :message,
                        CAST(:rejections AS jsonb), NULL
                    FROM source WHERE name = :name
                    ON CONFLICT (source_id) DO UPDATE SET
                      phase = EXCLUDED.phase,
                      last_outcome = EXCLUDED.last_outcome,
                      last_ended = EXCLUDED.last_ended,
                      skill_count = EXCLUDED.skill_count,
                      plugin_count = EXCLUDED.plugin_count,
                      content_hash = EXCLUDED.content_hash,
                      definition_fingerprint = EXCLUDED.definition_fingerprint,
                      last_attempt = EXCLUDED.last_attempt,
                      last_success = EXCLUDED.last_success,
                      attempt_count = EXCLUDED.attempt_count,
                      next_attempt = EXCLUDED.next_attempt,
                      server_count = EXCLUDED.server_count,
                      message = EXCLUDED.message,
                      rejections = EXCLUDED.rejections,
                      lease_until = NULL,
                      lease_holder = NULL
                    """)
              .bind("name", source.value())
              .bind("phase", state.phase().name())
              .bind("lastOutcome", state.lastOutcome().map(Enum::name).orElse(null))
              .bindByType("lastEnded", state.lastEnded().orElse(null), Instant.class)
              .bind("skillCount", state.skillCount())
              .bind("pluginCount", state.pluginCount())
              .bind("contentHash", state.contentHash().orElse(null))
              .bind("definitionFingerprint", state.definitionFingerprint().orElse(null))
              .bindByType("lastAttempt", state.lastAttempt().orElse(null), Instant.class)
              .bindByType("lastSuccess", state.lastSuccess().orElse(null), Instant.class)
              .bind("attemptCount", state.attemptCount())
              .bind("nextAttempt", state.nextAttempt())
              .bind("serverCount", state.serverCount())
              .bind("message", state.message())
              .bind("rejections", JsonColumns.rejections(state.rejections()))
              .execute();
          if (state.lastOutcome().filter(SyncState.Outcome.UPDATED::equals).isPresent()) {
            // The source's counts are served too (as its size), and the news of its data went out
            // before they were recorded: tell every replica, at commit, to look again.
            ServedCatalogWriter.notifyAll(handle);
          }
        });
  }

  @Override
  public void release(Collection<SourceName> sources) {
    if (sources.isEmpty()) {
      return;
    }
    int holder = liveness.key();
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE sync_state st SET lease_until = NULL, lease_holder = NULL, phase = "
                        + PHASE_BEFORE_CLAIM
                        + " FROM source s"
                        + " WHERE s.id = st.source_id AND s.name = ANY(:names)"
                        + "   AND st.lease_holder = :holder")
                .bind("names", sources.stream().map(SourceName::value).toArray(String[]::new))
                .bind("holder", holder)
                .execute());
  }

  private static SyncState state(ResultSet rs) throws SQLException {
    return new SyncState(
        SyncState.Phase.valueOf(rs.getString("phase")),
        Optional.ofNullable(rs.getString("last_outcome")).map(SyncState.Outcome::valueOf),
        Optional.ofNullable(rs.getString("content_hash")),
        Optional.ofNullable(rs.getString("definition_fingerprint")),
        Optional.ofNullable(PostgresStorage.instant(rs, "last_attempt")),
        Optional.ofNullable(PostgresStorage.instant(rs, "last_ended")),
        Optional.ofNullable(PostgresStorage.instant(rs, "last_success")),
        rs.getInt("attempt_count"),
        PostgresStorage.instant(rs, "next_attempt"),
        rs.getInt("server_count"),
        rs.getInt("skill_count"),
        rs.getInt("plugin_count"),
        rs.getString("message"),
        JsonColumns.rejections(rs.getString("rejections")));
  }

  private record Due(String name, Instant nextAttempt) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      int c = nextAttempt.compareTo(other.nextAttempt);
      return c != 0 ? c : name.compareTo(other.name);
    }
  }
}
