import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'carebook:public';
/** Opts a handler out of the global JWT guard. Everything else requires a signed-in user. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
