package dev.lessor.spring;

import java.time.Duration;

/**
 * One {@code lessor.aws.credentials.<bean-name>.*} entry: a {@link
 * dev.lessor.aws.LessorCredentialsProvider} bean named {@code <bean-name>}. Unset fields keep the
 * provider's defaults ({@link dev.lessor.aws.LessorCredentialsProviderBuilder}).
 */
public class CredentialsProperties {
  /** The path to read credentials from, such as aws/creds/my-role or aws/sts/deploy. Required. */
  private String path;

  /** The ttl to ask for with each credential. Default: the role's. */
  private Duration ttl;

  /** The role_arn to assume, for assumed_role roles that allow several. */
  private String roleArn;

  /** The role_session_name of STS credentials. Default: from the engine's template. */
  private String roleSessionName;

  /** The display_name that goes into IAM user and session names. */
  private String displayName;

  /** How long a previous credential lives on after a rotation. Default 1m. */
  private Duration overlap;

  /** The longest a caller waits for a credential when none is ready. Default 30s. */
  private Duration maxCallerWait;

  /**
   * Whether this provider is the primary AwsCredentialsProvider bean, which SDK clients configured
   * by Spring pick up. At most one may be.
   */
  private boolean primary;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Duration getTtl() {
    return ttl;
  }

  public void setTtl(Duration ttl) {
    this.ttl = ttl;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getRoleSessionName() {
    return roleSessionName;
  }

  public void setRoleSessionName(String roleSessionName) {
    this.roleSessionName = roleSessionName;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public Duration getOverlap() {
    return overlap;
  }

  public void setOverlap(Duration overlap) {
    this.overlap = overlap;
  }

  public Duration getMaxCallerWait() {
    return maxCallerWait;
  }

  public void setMaxCallerWait(Duration maxCallerWait) {
    this.maxCallerWait = maxCallerWait;
  }

  public boolean isPrimary() {
    return primary;
  }

  public void setPrimary(boolean primary) {
    this.primary = primary;
  }
}
