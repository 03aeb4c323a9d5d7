import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';

/** For `@Param('id', uuid)`: an id that is not a UUID names nothing, so it is answered 404, like an unknown one. */
export const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
