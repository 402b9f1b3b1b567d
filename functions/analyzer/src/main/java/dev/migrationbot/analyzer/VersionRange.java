package dev.migrationbot.analyzer;

/**
 * The PostgreSQL majors a rule applies to, both ends inclusive.
 *
 * @param from the first major, at least {@link #OLDEST}
 * @param to the last major, at most {@link #NEWEST}
 */
public record VersionRange(int from, int to) {

  public static final int OLDEST = 11;
  public static final int NEWEST = 18;
  public static final VersionRange ALL = new VersionRange(OLDEST, NEWEST);

  public VersionRange {
    if (from < OLDEST || to > NEWEST || from > to) {
      throw new IllegalArgumentException("not a version range: " + from + ".." + to);
    }
  }

  public static VersionRange from(int major) {
    return new VersionRange(major, NEWEST);
  }

  public static VersionRange upTo(int major) {
    return new VersionRange(OLDEST, major);
  }

  public boolean includes(int major) {
    return major >= from && major <= to;
  }

  @Override
  public String toString() {
    if (from == OLDEST && to == NEWEST) {
      return "all supported versions";
    }
    if (to == NEWEST) {
      return "PostgreSQL " + from + "+";
    }
    if (from == OLDEST) {
      return "PostgreSQL up to " + to;
    }
    return "PostgreSQL " + from + " to " + to;
  }
}
