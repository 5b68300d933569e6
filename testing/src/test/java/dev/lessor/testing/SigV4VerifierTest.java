package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checked against the "get-vanilla" case of AWS's published SigV4 test suite. */
class SigV4VerifierTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String AUTHORIZATION =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
          + " SignedHeaders=host;x-amz-date,"
          + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

  private static SigV4Verifier.SignedRequest request(String host, String body) {
    return new SigV4Verifier.SignedRequest(
        "GET",
        "/",
        null,
        Map.of("Host", List.of(host), "X-Amz-Date", List.of("20150830T123600Z")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void verify_awsTestVector_matches() {
    SigV4Verifier.Authorization auth = SigV4Verifier.parse(AUTHORIZATION);

    assertThat(auth.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(auth.service()).isEqualTo("service");
    assertThat(SigV4Verifier.verify(auth, SECRET, request("example.amazonaws.com", ""))).isTrue();
  }

  @Test
  void verify_alteredBodyHeaderOrSecret_fails() {
    SigV4Verifier.Authorization auth = SigV4Verifier.parse(AUTHORIZATION);

    assertThat(SigV4Verifier.verify(auth, SECRET, request("example.amazonaws.com", "x"))).isFalse();
    assertThat(SigV4Verifier.verify(auth, SECRET, request("evil.example.com", ""))).isFalse();
    assertThat(SigV4Verifier.verify(auth, SECRET + "x", request("example.amazonaws.com", "")))
        .isFalse();
  }

  @Test
  void parse_otherScheme_isIncompleteSignature() {
    assertThatThrownBy(() -> SigV4Verifier.parse("Basic dXNlcjpwYXNz"))
        .isInstanceOf(QueryError.class)
        .hasMessageContaining("Authorization header requires 'Credential', 'Signature'")
        .satisfies(e -> assertThat(((QueryError) e).code()).isEqualTo("IncompleteSignature"));
  }
}
