package dev.lessor.testing;

import java.util.List;
import java.util.Map;

/**
 * The IAM actions on groups and memberships: CreateGroup, GetGroup, DeleteGroup, AddUserToGroup,
 * RemoveUserFromGroup, ListGroupsForUser. A user belongs to at most ten groups. Runs under the
 * account lock (see {@link QueryAction}).
 */
final class GroupActions {
  private static final int GROUP_NAME_MAX = 128;
  private final IamAccount account;

  GroupActions(IamAccount account) {
    this.account = account;
  }

  void register(Map<String, QueryAction> table) {
    table.put("CreateGroup", this::createGroup);
    table.put("GetGroup", this::getGroup);
    table.put("DeleteGroup", (r, c, w) -> account.deleteGroup(groupName(r)));
    table.put("AddUserToGroup", this::addUserToGroup);
    table.put("RemoveUserFromGroup", this::removeUserFromGroup);
    table.put("ListGroupsForUser", this::listGroupsForUser);
  }

  private static String groupName(QueryRequest r) {
    return IamRules.name("groupName", r.required("GroupName"), GROUP_NAME_MAX);
  }

  private void createGroup(QueryRequest r, Caller caller, XmlWriter w) {
    String name = groupName(r);
    IamGroup group = account.createGroup(name, IamRules.path("path", r.optional("Path", "/")));
    w.start("Group");
    IamXml.group(w, group);
    w.end();
  }

  private void getGroup(QueryRequest r, Caller caller, XmlWriter w) {
    IamGroup group = account.requireGroup(groupName(r));
    List<IamUser> members = group.members.stream().map(account::requireUser).toList();
    Page<IamUser> page = Page.of(members, u -> u.name, r);
    w.start("Group");
    IamXml.group(w, group);
    w.end();
    w.members("Users", page.items(), (x, u) -> IamXml.user(x, u, false)).page(page);
  }

  private void addUserToGroup(QueryRequest r, Caller caller, XmlWriter w) {
    IamGroup group = account.requireGroup(groupName(r));
    IamUser user = account.requireUser(UserActions.userName(r));
    if (!user.groups.contains(group.name) && user.groups.size() >= IamRules.GROUPS_PER_USER) {
      throw QueryError.limitExceeded(
          "Cannot exceed quota for GroupsPerUser: " + IamRules.GROUPS_PER_USER);
    }
    user.groups.add(group.name);
    group.members.add(user.name);
  }

  private void removeUserFromGroup(QueryRequest r, Caller caller, XmlWriter w) {
    IamGroup group = account.requireGroup(groupName(r));
    IamUser user = account.requireUser(UserActions.userName(r));
    if (!group.members.remove(user.name)) {
      throw QueryError.noSuchEntity(
          "User " + user.name + " is not a member of group " + group.name + ".");
    }
    user.groups.remove(group.name);
  }

  private void listGroupsForUser(QueryRequest r, Caller caller, XmlWriter w) {
    IamUser user = account.requireUser(UserActions.userName(r));
    List<IamGroup> groups = user.groups.stream().map(account::requireGroup).toList();
    Page<IamGroup> page = Page.of(groups, g -> g.name, r);
    w.members("Groups", page.items(), IamXml::group).page(page);
  }
}
