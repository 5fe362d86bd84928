package io.bankstream.dashboard.testing;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the headless JavaFX toolkit (see {@link Fx#startToolkit()}) before a test class whose
 * services deliver on the FX thread; use it with {@code @ExtendWith(HeadlessToolkit.class)}.
 */
public final class HeadlessToolkit implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws TimeoutException {
    Fx.startToolkit();
  }
}
