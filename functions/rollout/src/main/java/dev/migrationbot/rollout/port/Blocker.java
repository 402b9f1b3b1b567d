package dev.migrationbot.rollout.port;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A session that held up a schema change: it holds (or queues ahead for) a lock the change needs.
 *
 * @param applicationName as the session set it; empty when not visible to the bot's role
 * @param state {@code active}, {@code idle in transaction}, ...
 * @param transactionAge how long its transaction has been open
 * @param lockMode the lock it holds on the table, when known
 * @param queryFingerprint its current or last query with literals replaced by {@code ?}
 */
public record Blocker(
    int pid,
    String applicationName,
    String state,
    Optional<Duration> transactionAge,
    Optional<String> lockMode,
    String queryFingerprint) {

  /** The blocker as event detail. */
  public Map<String, Object> detail() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("pid", pid);
    d.put("applicationName", applicationName);
    d.put("state", state);
    transactionAge.ifPresent(a -> d.put("transactionAgeMs", a.toMillis()));
    lockMode.ifPresent(m -> d.put("lockMode", m));
    d.put("query", queryFingerprint);
    return d;
  }

  /** One line for error messages: {@code pid 4711 (billing-worker, idle in transaction 12s)}. */
  public String summary() {
    return "pid "
        + pid
        + " ("
        + (applicationName.isEmpty() ? "no application_name" : applicationName)
        + ", "
        + state
        + transactionAge.map(a -> " for " + a.toSeconds() + "s").orElse("")
        + "): "
        + queryFingerprint;
  }
}
