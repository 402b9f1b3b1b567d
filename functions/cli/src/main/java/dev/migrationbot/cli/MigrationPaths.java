package dev.migrationbot.cli;

import dev.migrationbot.analyzer.MigrationFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns command-line paths into migration files in the order they run: a directory contributes its
 * {@code *.sql} files (down migrations excluded) in natural order, so {@code V2__} comes before
 * {@code V10__}.
 */
final class MigrationPaths {

  private MigrationPaths() {}

  static List<MigrationFile> read(List<String> paths) {
    if (paths.isEmpty()) {
      throw new UsageException("name at least one migration file or directory");
    }
    List<MigrationFile> files = new ArrayList<>();
    for (String path : paths) {
      Path p = Path.of(path);
      if (Files.isDirectory(p)) {
        for (Path sql : sqlFiles(p)) {
          files.add(read(sql));
        }
      } else if (Files.isRegularFile(p)) {
        files.add(read(p));
      } else {
        throw new UsageException("no such file or directory: " + path);
      }
    }
    return files;
  }

  static MigrationFile read(Path file) {
    try {
      return new MigrationFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UsageException("cannot read " + file + " as UTF-8 text");
    }
  }

  private static List<Path> sqlFiles(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".sql"))
          .filter(f -> !f.getFileName().toString().endsWith(".down.sql"))
          .sorted(
              Comparator.comparing(
                  f -> directory.relativize(f).toString(), MigrationPaths::natural))
          .toList();
    } catch (IOException e) {
      throw new UsageException("cannot list " + directory + ": " + e.getMessage());
    }
  }

  /** Compares names with digit runs as numbers: V2__a before V10__b. */
  static int natural(String a, String b) {
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
