package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.LessorException;
import dev.lessor.UpstreamException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.IamException;

class AwsErrorsTest {
  private static IamException iam(int status, String code, String message) {
    return (IamException)
        IamException.builder()
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  @Test
  void translate_throttling_isRetryableWithCode() {
    LessorException e =
        AwsErrors.translate("CreateUser u", iam(400, "Throttling", "Rate exceeded"));

    assertThat(e).isInstanceOf(UpstreamException.class);
    assertThat(((UpstreamException) e).errorCode()).isEqualTo("Throttling");
    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessage("CreateUser u failed: Throttling (HTTP 400): Rate exceeded");
  }

  @Test
  void translate_serverError_isRetryable() {
    assertThat(AwsErrors.translate("x", iam(503, "ServiceUnavailable", null)).retryable()).isTrue();
  }

  @Test
  void translate_accessDeniedAndValidation_areNotRetryable() {
    assertThat(AwsErrors.translate("x", iam(403, "AccessDenied", "no")).retryable()).isFalse();
    assertThat(AwsErrors.translate("x", iam(400, "MalformedPolicyDocument", "bad")).retryable())
        .isFalse();
  }

  @Test
  void translate_connectionFailure_isRetryableClientError() {
    LessorException e =
        AwsErrors.translate("x", SdkClientException.create("Unable to execute HTTP request"));

    assertThat(((UpstreamException) e).errorCode()).isEqualTo("ClientError");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void translate_lessorExceptionInsideSdkException_isReturnedAsItIs() {
    UpstreamException limit = new UpstreamException("rate", "RateLimited", true, null);

    assertThat(AwsErrors.translate("x", SdkClientException.create("wrapped", limit)))
        .isSameAs(limit);
  }

  @Test
  void maybeApplied_onlyForServerErrorsAndConnectionFailures() {
    assertThat(AwsErrors.maybeApplied(iam(500, "InternalFailure", null))).isTrue();
    assertThat(AwsErrors.maybeApplied(SdkClientException.create("reset"))).isTrue();
    assertThat(AwsErrors.maybeApplied(iam(409, "EntityAlreadyExists", null))).isFalse();
  }
}
