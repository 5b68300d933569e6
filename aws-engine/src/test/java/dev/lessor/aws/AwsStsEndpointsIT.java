package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.Response;
import dev.lessor.UpstreamException;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * config/root's sts_region, sts_fallback_endpoints and sts_fallback_regions: fallbacks are tried in
 * order when an STS endpoint refuses connections or answers 5xx, never on a 4xx; and regions the
 * SDK does not know are accepted with a warning. The "other" endpoints are LocalIam under another
 * host name ({@code localhost}) or a closed port.
 */
class AwsStsEndpointsIT {
  private final AwsTestBed bed = new AwsTestBed(b -> b, Map.of("max_retries", 0));
  private String closedPort;
  private String sameIamOtherName;

  @BeforeEach
  void endpoints() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = "http://127.0.0.1:" + socket.getLocalPort();
    }
    sameIamOtherName = "http://localhost:" + bed.iam.endpoint().getPort();
    bed.lessor.write("aws/roles/s", Map.of("credential_type", "session_token"));
  }

  @AfterEach
  void close() {
    bed.close();
  }

  private Response writeRoot(Map<String, Object> extra) {
    Map<String, Object> root = new HashMap<>(bed.rootConfig());
    root.put("max_retries", 0);
    root.putAll(extra);
    return bed.lessor.write("aws/config/root", root);
  }

  @Test
  void readCreds_primaryAnswers5xx_fallbackIssuesTheSession() {
    writeRoot(
        Map.of("sts_fallback_endpoints", sameIamOtherName, "sts_fallback_regions", "us-west-2"));
    bed.iam.faults().fail("GetSessionToken", 1, 503);

    Response r = bed.creds("s");

    assertThat(bed.authenticates(r)).isTrue();
    assertThat(bed.iam.callCount("GetSessionToken")).isEqualTo(2);
    assertThat(bed.iam.sessions()).hasSize(1);
  }

  @Test
  void readCreds_primaryRefusesConnections_fallbacksTriedInOrder() {
    writeRoot(
        Map.of(
            "sts_endpoint", closedPort,
            "sts_fallback_endpoints", List.of(closedPort, sameIamOtherName),
            "sts_fallback_regions", List.of("eu-west-1", "us-west-2")));

    Response r = bed.creds("s");

    assertThat(bed.authenticates(r)).isTrue();
    assertThat(bed.iam.callCount("GetSessionToken")).isEqualTo(1);
  }

  @Test
  void readCreds_primaryAnswersAccessDenied_fallbackNotTried() {
    writeRoot(
        Map.of("sts_fallback_endpoints", sameIamOtherName, "sts_fallback_regions", "us-west-2"));
    bed.iam.faults().deny("GetSessionToken", 1);

    assertThatThrownBy(() -> bed.creds("s"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("AccessDenied");
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageNotContaining("(after [");
    assertThat(bed.iam.callCount("GetSessionToken")).isEqualTo(1);
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @Test
  void readCreds_everyEndpointDown_errorNamesEachAndIsRetryable() {
    writeRoot(
        Map.of(
            "sts_endpoint", closedPort,
            "sts_fallback_endpoints", sameIamOtherName,
            "sts_fallback_regions", "us-west-2"));
    bed.iam.faults().fail("GetSessionToken", 1, 500);

    assertThatThrownBy(() -> bed.creds("s"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("InternalFailure");
              assertThat(e.retryable()).isTrue();
            })
        .hasMessageStartingWith("GetSessionToken for lease aws/creds/s/")
        .hasMessageContaining("after [primary " + closedPort + ": ClientError]")
        .hasMessageContaining("InternalFailure (HTTP 500)");
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
  }

  @Test
  void readCreds_assumeRoleAndFederationToken_alsoFallBack() {
    writeRoot(
        Map.of("sts_fallback_endpoints", sameIamOtherName, "sts_fallback_regions", "us-west-2"));
    String arn =
        bed.admin()
            .createRole(
                r ->
                    r.roleName("deploy")
                        .assumeRolePolicyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"))
            .role()
            .arn();
    bed.lessor.write("aws/roles/a", Map.of("credential_type", "assumed_role", "role_arns", arn));
    bed.lessor.write(
        "aws/roles/f",
        Map.of("credential_type", "federation_token", "policy_document", AwsTestBed.EC2_POLICY));
    bed.iam.faults().fail("AssumeRole", 1, 500).fail("GetFederationToken", 1, 502);

    assertThat(bed.authenticates(bed.creds("a"))).isTrue();
    assertThat(bed.authenticates(bed.creds("f"))).isTrue();
    assertThat(bed.iam.callCount("AssumeRole")).isEqualTo(2);
    assertThat(bed.iam.callCount("GetFederationToken")).isEqualTo(2);
  }

  @Test
  void writeRoot_fallbackListsOfDifferentLengths_isRefusedNamingBoth() {
    Map<String, Object> before = bed.lessor.read("aws/config/root").data();

    assertThatThrownBy(
            () ->
                writeRoot(
                    Map.of(
                        "sts_fallback_endpoints",
                        List.of(sameIamOtherName, closedPort),
                        "sts_fallback_regions",
                        "us-west-2")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("sts_fallback_regions"))
        .hasMessageContaining("sts_fallback_endpoints")
        .hasMessageContaining("2 endpoints, 1 regions");
    assertThatThrownBy(() -> writeRoot(Map.of("sts_fallback_endpoints", sameIamOtherName)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("sts_fallback_regions"));
    assertThat(bed.lessor.read("aws/config/root").data()).isEqualTo(before);
  }

  @Test
  void writeRoot_badFallbackEndpointOrRegion_isRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                writeRoot(
                    Map.of(
                        "sts_fallback_endpoints", "ftp://x",
                        "sts_fallback_regions", "us-west-2")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("sts_fallback_endpoints"));
    assertThatThrownBy(
            () ->
                writeRoot(
                    Map.of(
                        "sts_fallback_endpoints",
                        sameIamOtherName,
                        "sts_fallback_regions",
                        "Not A Region")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("sts_fallback_regions"));
    assertThatThrownBy(() -> writeRoot(Map.of("sts_region", "US EAST")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("sts_region"));
  }

  @Test
  void writeRoot_unknownRegions_acceptedWithWarnings() {
    Response response = writeRoot(Map.of("region", "us-esat-1", "sts_region", "eu-wset-9"));

    assertThat(response.warnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).startsWith("region 'us-esat-1' is not a region"))
        .anySatisfy(w -> assertThat(w).startsWith("sts_region 'eu-wset-9' is not a region"));
    assertThat(bed.lessor.read("aws/config/root").data())
        .containsEntry("region", "us-esat-1")
        .containsEntry("sts_region", "eu-wset-9");
    assertThat(bed.authenticates(bed.creds("s"))).isTrue(); // the endpoint override still works
  }

  @Test
  void writeRoot_knownRegions_noWarning() {
    Response response =
        writeRoot(
            Map.of(
                "region", "eu-west-1",
                "sts_region", "eu-central-1",
                "sts_fallback_endpoints", sameIamOtherName,
                "sts_fallback_regions", "us-west-2"));

    assertThat(response.warnings()).isEmpty();
    assertThat(bed.lessor.read("aws/config/root").data())
        .containsEntry("sts_region", "eu-central-1")
        .containsEntry("sts_fallback_endpoints", List.of(sameIamOtherName))
        .containsEntry("sts_fallback_regions", List.of("us-west-2"));
  }
}
