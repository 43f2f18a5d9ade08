package dev.tyboo.nodes.github;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.nodes.internal.ApiCall;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * GitHub's REST API for issues (JSON type {@code github}) with a {@code githubApi} credential
 * ({@code accessToken}: a personal access token or an app installation token; {@code baseUrl},
 * {@code https://api.github.com} by default, {@code https://HOST/api/v3} for GitHub Enterprise
 * Server). Operations: {@code createIssue}, {@code getIssue}, {@code updateIssue} (title, body,
 * state, labels: those set), {@code listIssues} (every page through the {@code Link} header, at
 * most {@code maxIssues}; GitHub lists pull requests as issues too, with a {@code pull_request}
 * field) and {@code createComment}. Each emits GitHub's JSON for the issue or comment.
 *
 * <p>Requests carry API version {@code 2022-11-28}. A refused token (401, 403) fails without retry;
 * a spent rate limit (403 or 429 with {@code X-RateLimit-Remaining: 0} or {@code Retry-After}) and
 * 5xx are retried after the wait GitHub names. {@code owner} and {@code repo} are checked against
 * GitHub's name rules, so no value reaches another path.
 */
public final class GitHub {

  /** The JSON type name. */
  public static final String TYPE = "github";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  /** What the node does. */
  enum Operation {
    createIssue,
    getIssue,
    updateIssue,
    listIssues,
    createComment
  }

  /** Which issues a listing returns. */
  enum State {
    open,
    closed,
    all
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param owner the repository's owner
   * @param repo the repository's name
   * @param issueNumber the issue
   * @param title the issue's title
   * @param body the issue's or comment's text (Markdown)
   * @param state open or closed (all, for listings)
   * @param labels the issue's labels
   * @param maxIssues the most issues a listing returns
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String owner,
      @Param(required = true) String repo,
      @RequiredWhen(
              parameter = "operation",
              is = {"getIssue", "updateIssue", "createComment"})
          Long issueNumber,
      @RequiredWhen(parameter = "operation", is = "createIssue") String title,
      @RequiredWhen(parameter = "operation", is = "createComment") String body,
      State state,
      List<String> labels,
      @Param(defaultValue = "1000") int maxIssues) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("GitHub")
              .description("Creates, reads, updates and lists GitHub issues; comments on them")
              .credentialType("githubApi")
              .parameters(Parameters.class)
              .build(),
          GitHub::execute);

  private GitHub() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that opens an issue}
   *
   * @param owner the repository's owner
   * @param repo the repository
   * @param title the title; may be an expression
   * @param body the text; may be an expression
   */
  public static NodeDefinition createIssue(String owner, String repo, String title, String body) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "createIssue",
            "owner", Objects.requireNonNull(owner, "owner"),
            "repo", Objects.requireNonNull(repo, "repo"),
            "title", Objects.requireNonNull(title, "title"),
            "body", Objects.requireNonNull(body, "body")));
  }

  /**
   * {@return a node that comments on an issue or pull request}
   *
   * @param owner the repository's owner
   * @param repo the repository
   * @param issueNumber the issue's number; may be an expression
   * @param body the text; may be an expression
   */
  public static NodeDefinition createComment(
      String owner, String repo, Object issueNumber, String body) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "createComment",
            "owner", Objects.requireNonNull(owner, "owner"),
            "repo", Objects.requireNonNull(repo, "repo"),
            "issueNumber", Objects.requireNonNull(issueNumber, "issueNumber"),
            "body", Objects.requireNonNull(body, "body")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    Map<String, Object> credential = ctx.credential("githubApi");
    if (!(credential.get("accessToken") instanceof String token) || token.isBlank()) {
      throw NodeFailure.of("githubApi credential needs an 'accessToken'");
    }
    String base = String.valueOf(credential.getOrDefault("baseUrl", "https://api.github.com"));
    Map<String, String> headers =
        Map.of(
            "Authorization", "Bearer " + token,
            "Accept", "application/vnd.github+json",
            "X-GitHub-Api-Version", "2022-11-28",
            "User-Agent", "tyboo-engine");
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      String repo =
          base + "/repos/" + name("owner", p.owner(), i) + "/" + name("repo", p.repo(), i);
      String issue = repo + "/issues/" + p.issueNumber();
      switch (p.operation()) {
        case createIssue -> {
          Map<String, Object> body = fields(p);
          out.add(
              Item.of(
                  ApiCall.post("GitHub", URI.create(repo + "/issues"), headers, body, i).json()));
        }
        case getIssue ->
            out.add(Item.of(ApiCall.get("GitHub", URI.create(issue), headers, i).json()));
        case updateIssue -> {
          Map<String, Object> body = fields(p);
          if (p.state() != null) {
            body.put("state", p.state() == State.all ? "open" : p.state().name());
          }
          out.add(
              Item.of(ApiCall.call("GitHub", "PATCH", URI.create(issue), headers, body, i).json()));
        }
        case createComment ->
            out.add(
                Item.of(
                    ApiCall.post(
                            "GitHub",
                            URI.create(issue + "/comments"),
                            headers,
                            Map.of("body", p.body()),
                            i)
                        .json()));
        case listIssues -> list(repo, p, headers, i, out);
      }
    }
    return NodeResult.of(out);
  }

  private static void list(
      String repo, Parameters p, Map<String, String> headers, int item, List<Item> out)
      throws InterruptedException {
    StringBuilder first = new StringBuilder(repo).append("/issues?per_page=100");
    first.append("&state=").append(p.state() == null ? "open" : p.state().name());
    if (p.labels() != null && !p.labels().isEmpty()) {
      first
          .append("&labels=")
          .append(URLEncoder.encode(String.join(",", p.labels()), StandardCharsets.UTF_8));
    }
    String next = first.toString();
    int taken = 0;
    while (next != null && taken < p.maxIssues()) {
      if (!sameOrigin(URI.create(next), URI.create(repo))) {
        throw new NonRetryableNodeException(
            "GitHub's next page is on another host; not followed with the token", item, null);
      }
      ApiCall.Answer page = ApiCall.get("GitHub", URI.create(next), headers, item);
      for (Object issue : page.array()) {
        if (taken == p.maxIssues()) {
          break;
        }
        if (issue instanceof Map<?, ?> m) {
          Map<String, Object> json = new LinkedHashMap<>();
          m.forEach((k, v) -> json.put(String.valueOf(k), v));
          out.add(Item.of(json));
          taken++;
        }
      }
      next = page.array().isEmpty() ? null : page.nextLink();
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && Objects.equals(a.getHost(), b.getHost())
        && a.getPort() == b.getPort();
  }

  private static Map<String, Object> fields(Parameters p) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (p.title() != null) {
      body.put("title", p.title());
    }
    if (p.body() != null) {
      body.put("body", p.body());
    }
    if (p.labels() != null) {
      body.put("labels", p.labels());
    }
    return body;
  }

  private static String name(String field, String value, int item) {
    if (!NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new NonRetryableNodeException(
          "parameter '" + field + "' must be a GitHub name (letters, digits, '.', '_', '-')",
          item,
          null);
    }
    return value;
  }
}
