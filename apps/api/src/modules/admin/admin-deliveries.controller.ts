import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { DeliveryDetailDto, DeliveryPage, ListDeliveriesQuery } from '../notifications/dto/notifications.dto';
import { NotificationsService } from '../notifications/notifications.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** The delivery log of every email and SMS; with no SMTP_URL (or SMS_PROVIDER=none) it is the development mailbox. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('admin/deliveries')
export class AdminDeliveriesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Endpoint('Every email and SMS, newest first, with its delivery status', { ok: DeliveryPage, errors: [400] })
  listDeliveries(@Query() query: ListDeliveriesQuery): Promise<DeliveryPage> {
    return this.notifications.deliveries(query);
  }

  @Get(':id')
  @Endpoint('One email or SMS, whole: text, HTML and attachments (with SMTP_URL set, a password-reset or invitation link withheld)', { ok: DeliveryDetailDto, errors: [404] })
  getDelivery(@Param('id', uuid) id: string): Promise<DeliveryDetailDto> {
    return this.notifications.delivery(id);
  }
}
