import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The api's OpenAPI description, as served at /docs and as the web app's typed client is generated from. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dialer API')
      .setDescription('Outbound dialer and campaign manager: lists, campaigns, agents, compliance.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
