package io.bankstream.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a cluster keeps its configuration, logs, checkpoints and scratch files: the directory the
 * caller named (kept), or a fresh temporary one (deleted when the cluster stops).
 */
final class WorkDirectory {

  private final Path path;
  private final boolean temporary;

  private WorkDirectory(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** {@code named} if not null (created if missing, kept), else a temporary {@code prefix*}. */
  static WorkDirectory of(Path named, String prefix) {
    try {
      if (named != null) {
        return new WorkDirectory(Files.createDirectories(named).toAbsolutePath(), false);
      }
      return new WorkDirectory(Files.createTempDirectory(prefix), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cluster's work directory: " + e, e);
    }
  }

  Path path() {
    return path;
  }

  boolean isTemporary() {
    return temporary;
  }

  /** The subdirectory {@code name}, created. */
  Path subdirectory(String name) {
    try {
      return Files.createDirectories(path.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path.resolve(name) + ": " + e, e);
    }
  }

  /** Deletes it if it is temporary. */
  void release() {
    if (temporary) {
      deleteTree(path);
    }
  }

  /** Deletes {@code path} and all below it, if it exists. */
  static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e)
                throws IOException {
              Files.deleteIfExists(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path + ": " + e, e);
    }
  }
}
