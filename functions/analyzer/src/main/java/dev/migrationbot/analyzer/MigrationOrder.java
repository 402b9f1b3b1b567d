package dev.migrationbot.analyzer;

import java.util.Comparator;

/**
 * The order migration files run in: names compared with their digit runs as numbers, so {@code
 * V2__a.sql} runs before {@code V10__b.sql} and {@code 0009_x.sql} before {@code 0010_y.sql}, as
 * Flyway, golang-migrate and dbmate order them.
 */
public final class MigrationOrder {

  public static final Comparator<String> NATURAL = MigrationOrder::compare;

  private MigrationOrder() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c =
            na.length() != nb.length()
                ? Integer.compare(na.length(), nb.length())
                : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
