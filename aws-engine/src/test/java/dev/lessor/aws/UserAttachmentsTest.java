package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserAttachmentsTest {
  private static RoleEntry role(String policy, List<String> arns, List<String> groups) {
    return new RoleEntry(
        "r",
        CredentialType.IAM_USER,
        policy,
        arns,
        List.of(),
        groups,
        Map.of(),
        null,
        null,
        Duration.ZERO,
        Duration.ZERO,
        Map.of(),
        null,
        Duration.ZERO,
        Duration.ZERO,
        false,
        false,
        null);
  }

  @Test
  void of_roleWithEverything_namesInlinePolicyAfterRoleAndKeepsArnsAndGroups() {
    UserAttachments attached =
        UserAttachments.of(
            role("{}", List.of("arn:aws:iam::1:policy/a,b"), List.of("devs", "ops=1")));

    assertThat(attached.inlinePolicy()).isEqualTo("r");
    assertThat(attached.policyArns()).containsExactly("arn:aws:iam::1:policy/a,b");
    assertThat(attached.groups()).containsExactly("devs", "ops=1");
  }

  @Test
  void decode_encoded_givesTheSameAttachments() {
    UserAttachments attached =
        new UserAttachments(
            "r", List.of("arn:aws:iam::1:policy/a", "arn:aws:iam::aws:policy/b"), List.of("g"));

    assertThat(UserAttachments.decode(attached.encode())).contains(attached);
  }

  @Test
  void decode_nothingAttached_givesEmptyAttachmentsNotAbsence() {
    UserAttachments none = UserAttachments.of(role(null, List.of(), List.of()));

    assertThat(none.encode()).isEmpty();
    assertThat(UserAttachments.decode(none.encode()))
        .contains(new UserAttachments(null, List.of(), List.of()));
  }

  @Test
  void decode_missingOrUnknownEntry_isEmptySoRevocationSweeps() {
    assertThat(UserAttachments.decode(null)).isEmpty();
    assertThat(UserAttachments.decode("policy r\nboundary x\n")).isEmpty();
  }
}
