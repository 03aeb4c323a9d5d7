import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Roles } from '../../common/decorators/roles.decorator';

/** A controller under /api/admin: admins only, documented under the admin tag with its 401 and 403. */
export function AdminController(): ClassDecorator {
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(Controller('admin'), ApiErrors(401, 403), Roles('admin'), ApiBearerAuth(), ApiTags('admin'));
}
