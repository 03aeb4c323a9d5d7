import { IsOptionalPositiveInt } from '../decorators/field.decorators';

/** The last page anyone may ask for: keeps the offset a small integer (a huge page would overflow it). */
export const MAX_PAGE = 100_000;

export class PageQuery {
  @IsOptionalPositiveInt(MAX_PAGE, { default: 1 })
  page = 1;

  @IsOptionalPositiveInt(100, { default: 20 })
  pageSize = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
}
