package dev.migrationbot.cli;

import dev.migrationbot.analyzer.MigrationFile;
import dev.migrationbot.analyzer.MigrationOrder;
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
              Comparator.comparing(f -> directory.relativize(f).toString(), MigrationOrder.NATURAL))
          .toList();
    } catch (IOException e) {
      throw new UsageException("cannot list " + directory + ": " + e.getMessage());
    }
  }
}
