package dev.migrationbot.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/** The GitHub App's webhook, behind a Lambda function URL (API Gateway HTTP API v2 format). */
public final class WebhookHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final WebhookService service;

  public WebhookHandler() {
    this(Wiring.fromEnvironment().webhook());
  }

  WebhookHandler(WebhookService service) {
    this.service = service;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
    WebhookService.Response response =
        service.handle(headers, event.getBody(), event.getIsBase64Encoded());
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(Map.of("content-type", "text/plain; charset=utf-8"))
        .withBody(response.body())
        .build();
  }
}
