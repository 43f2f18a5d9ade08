package dev.tyboo.examples.boot;

import dev.tyboo.nodes.webhook.WebhookDispatcher;
import dev.tyboo.nodes.webhook.WebhookRequest;
import dev.tyboo.nodes.webhook.WebhookResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands every request under {@code /webhook/} to the engine's {@link WebhookDispatcher}, which
 * starts the workflow registered for the rest of the path and answers as its webhook node says (at
 * once, or with the last node's output). The dispatcher bounds the body, checks secrets and maps
 * failures to statuses; this class only translates between Spring and it.
 */
@RestController
public class WebhookController {

  private static final String PREFIX = "/webhook/";

  private final WebhookDispatcher dispatcher;

  /**
   * For Spring.
   *
   * @param dispatcher the application's dispatcher
   */
  public WebhookController(WebhookDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Dispatches one request.
   *
   * @param request the servlet request
   * @return the workflow's answer
   * @throws IOException if the body cannot be read
   */
  @RequestMapping(PREFIX + "**")
  public ResponseEntity<byte[]> handle(HttpServletRequest request) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    Map<String, List<String>> query = new LinkedHashMap<>();
    request.getParameterMap().forEach((name, values) -> query.put(name, Arrays.asList(values)));
    WebhookResponse response =
        dispatcher
            .dispatch(
                new WebhookRequest(
                    request.getMethod(),
                    request
                        .getRequestURI()
                        .substring(request.getContextPath().length() + PREFIX.length()),
                    headers,
                    query,
                    request.getInputStream()))
            .join();
    HttpHeaders out = new HttpHeaders();
    response.headers().forEach(out::addAll);
    return ResponseEntity.status(response.status()).headers(out).body(response.body());
  }
}
