import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  type ApiResponseNoStatusOptions,
  type ApiResponseSchemaHost,
} from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator';

/** A body's type (`Dto` or `[Dto]`), or a schema for what has no DTO (a file, plain text). */
type Body = Type<unknown> | [Type<unknown>] | Pick<ApiResponseSchemaHost, 'schema'>;

export interface EndpointAnswers {
  /** 200 with this body. */
  ok?: Body;
  /** 201 with this body. */
  created?: Body;
  /** 204, no body. */
  noContent?: true;
  /** Error answers, documented in the common ErrorResponse shape (see ApiErrors). */
  errors?: number[];
}

function body(answer: Body): ApiResponseNoStatusOptions {
  return 'schema' in answer ? { schema: answer.schema } : { type: answer };
}

/**
 * An endpoint's documentation: its summary, its success answer and its error answers. The same as stacking
 * `@ApiOperation({ summary })`, the success response and `@ApiErrors(...errors)`, and documented the same.
 */
export function Endpoint(summary: string, answers: EndpointAnswers = {}): MethodDecorator {
  const { ok, created, noContent, errors = [] } = answers;
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(
    ApiErrors(...errors),
    ...(ok ? [ApiOkResponse(body(ok))] : []),
    ...(created ? [ApiCreatedResponse(body(created))] : []),
    ...(noContent ? [ApiNoContentResponse()] : []),
    ApiOperation({ summary }),
  );
}
