package dev.lessor.aws;

import dev.lessor.testing.IamFaults;
import java.time.Duration;

/**
 * The fault kinds of the fault matrix, each armed on one action of LocalIam. {@code attempts} is
 * how many times a call is tried in all (the SDK's retries, or the engine's own for the calls it
 * does not let the SDK retry), so that a fault that should reach the engine outlasts every retry.
 */
enum MatrixFault {
  /** Refused before acting with an error no client retries (HTTP 403 AccessDenied). */
  DENIED {
    @Override
    void arm(IamFaults faults, String action, int attempts) {
      faults.deny(action, 1);
    }
  },
  /** The connection closed before acting, on every attempt. */
  DROPPED {
    @Override
    void arm(IamFaults faults, String action, int attempts) {
      faults.dropConnection(action, attempts);
    }
  },
  /** Acted, then the answer lost; the retry meets what the first attempt did. */
  LOST {
    @Override
    void arm(IamFaults faults, String action, int attempts) {
      faults.actThenDrop(action, 1);
    }
  },
  /** Acted on every attempt, every answer lost, as when the network fails after sending. */
  LOST_EVERY_ATTEMPT {
    @Override
    void arm(IamFaults faults, String action, int attempts) {
      faults.actThenDrop(action, attempts);
    }
  },
  /** Acted, the answer lost, and every retry throttled: the caller sees only the throttling. */
  LOST_THEN_THROTTLED {
    @Override
    void arm(IamFaults faults, String action, int attempts) {
      faults.actThenDrop(action, 1).throttle(action, attempts - 1);
    }
  },
  /** IAM's eventual consistency: what the call names was created too recently to be seen. */
  NOT_VISIBLE {
    @Override
    void arm(IamFaults faults, String action, int attempts) {
      if (action.equals(EVERY_IAM_ACTION)) {
        faults.consistencyWindow(IAM_LAG);
      } else {
        faults.invisibleFor(action, IAM_LAG);
      }
    }
  },
  /** HTTP 500 InternalFailure before acting, on every attempt. */
  SERVER_ERROR {
    @Override
    void arm(IamFaults faults, String action, int attempts) {
      faults.fail(action, attempts, 500);
    }
  };

  /** The action of a cell whose fault hits every IAM call at once (only {@link #NOT_VISIBLE}). */
  static final String EVERY_IAM_ACTION = "EveryIamAction";

  /** How long IAM hides a new entity: well within the engine's consistency window. */
  static final Duration IAM_LAG = Duration.ofMinutes(1);

  abstract void arm(IamFaults faults, String action, int attempts);
}
