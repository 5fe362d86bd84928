package io.bankstream.dashboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The JavaFX thread for the view-model tests, whose services deliver there: the headless toolkit
 * (Monocle, see the pom), work run on the FX thread and waited for, and conditions read on the FX
 * thread until they hold or a deadline passes.
 */
public final class Fx {

  /** The longest a test waits for the FX thread or for a condition. */
  public static final Duration DEADLINE = Duration.ofSeconds(10);

  private Fx() {}

  /** Starts the toolkit once per JVM. */
  public static void startToolkit() throws TimeoutException {
    FxToolkit.registerPrimaryStage();
  }

  /** Runs {@code action} on the FX thread and waits for it; its failure is thrown here. */
  public static void run(Runnable action) {
    get(
        () -> {
          action.run();
          return null;
        });
  }

  /** {@code read}'s value, read on the FX thread; its failure is thrown here. */
  public static <T> T get(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError("the FX thread did not answer within " + DEADLINE, e);
    }
  }

  /** Shuts {@code executor} down and fails unless its threads end within {@link #DEADLINE}. */
  public static void shutDown(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  /** Waits until {@code condition}, read on the FX thread, holds; fails naming {@code what}. */
  public static void waitUntil(String what, Callable<Boolean> condition) {
    try {
      WaitForAsyncUtils.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS, () -> get(condition));
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + DEADLINE + ": " + what, e);
    }
  }
}
