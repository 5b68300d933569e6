package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests no SDK client would send: unsigned, badly signed, altered after signing, or naming an
 * action of the other service. Signed with the SDK's own SigV4 signer and sent with the JDK client.
 */
class LocalIamWireIT {
  private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

  private LocalIam iam;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    iam = LocalIam.start();
  }

  @AfterEach
  void stop() {
    iam.close();
  }

  @Test
  void signedRequest_fromTheSdksSigner_isAnswered() throws Exception {
    HttpResponse<String> response = send(sign("iam", "Action=ListUsers&Version=2010-05-08"), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .startsWith("<?xml")
        .contains("<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
        .contains("<ListUsersResult><Users></Users><IsTruncated>false</IsTruncated>")
        .contains("<ResponseMetadata><RequestId>");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void bodyAlteredAfterSigning_isSignatureDoesNotMatch() throws Exception {
    SignedRequest signed = sign("iam", "Action=ListUsers&Version=2010-05-08");

    HttpResponse<String> response = send(signed, "Action=ListUsers&Version=2010-05-08&MaxItems=1");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
        .contains("<Type>Sender</Type><Code>SignatureDoesNotMatch</Code>");
  }

  @Test
  void stsActionSignedForIam_isInvalidAction() throws Exception {
    HttpResponse<String> response =
        send(sign("iam", "Action=GetCallerIdentity&Version=2011-06-15"), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("<Code>InvalidAction</Code>")
        .contains("Could not find operation GetCallerIdentity for version 2010-05-08");
  }

  @Test
  void stsActionSignedForSts_answersInTheStsNamespace() throws Exception {
    HttpResponse<String> response =
        send(sign("sts", "Action=GetCallerIdentity&Version=2011-06-15"), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
        .contains("<Account>123456789012</Account>");
  }

  @Test
  void unsignedRequest_isMissingAuthenticationToken() throws Exception {
    HttpResponse<String> response = post("Action=ListUsers&Version=2010-05-08", null);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("<Code>MissingAuthenticationToken</Code>")
        .contains("<Message>Request is missing Authentication Token</Message>")
        .contains("<RequestId>");
    assertThat(iam.callCount("ListUsers")).isEqualTo(1);
  }

  @Test
  void malformedAuthorization_isIncompleteSignature() throws Exception {
    HttpResponse<String> response =
        post("Action=ListUsers&Version=2010-05-08", "AWS4-HMAC-SHA256 Credential=AKIA");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>IncompleteSignature</Code>");
  }

  @Test
  void malformedForm_isMalformedQueryString() throws Exception {
    HttpResponse<String> response = post("Action=ListUsers&Bad=%zz", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>MalformedQueryString</Code>");
  }

  private SignedRequest sign(String service, String body) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create(iam.endpoint() + "/"))
            .putHeader("Content-Type", FORM)
            .build();
    return AwsV4HttpSigner.create()
        .sign(
            r ->
                r.identity(
                        AwsCredentialsIdentity.create(
                            iam.adminAccessKeyId(), iam.adminSecretAccessKey()))
                    .request(request)
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, iam.region()));
  }

  /** Sends a signed request, with its own body or {@code replacedBody}. */
  private HttpResponse<String> send(SignedRequest signed, String replacedBody)
      throws IOException, InterruptedException {
    String body;
    if (replacedBody != null) {
      body = replacedBody;
    } else {
      try (var in = signed.payload().orElseThrow().newStream()) {
        body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(signed.request().getUri())
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("Host")) { // the JDK client sets Host itself
        header.getValue().forEach(v -> request.header(header.getKey(), v));
      }
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(iam.endpoint() + "/"))
            .header("Content-Type", FORM)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
