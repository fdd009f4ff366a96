import { ApiBody } from '@nestjs/swagger';

/**
 * The body of an operation that takes none: with the global ValidationPipe's
 * `forbidNonWhitelisted`, any field sent is refused (400 naming it) instead of
 * silently ignored. Declare it with `@Body() _: NoBody` and `@NoBodyDocumented()`.
 */
export class NoBody {}

/** Documents the optional, empty body (clients send nothing). */
export const NoBodyDocumented = () =>
  ApiBody({ required: false, description: 'None: any field is refused (400)', schema: { type: 'object', properties: {}, additionalProperties: false } });

/**
 * The query of an operation that takes no parameters: `@Query() _: NoQuery`
 * refuses any parameter (400 naming it), as routes with a query DTO do.
 */
export class NoQuery {}
