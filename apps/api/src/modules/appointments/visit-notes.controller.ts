import { Body, Controller, Get, Header, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { RequestId } from '../../common/decorators/request-id.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { uuid } from '../../common/pipes/uuid-param.pipe';
import { CreateVisitNoteRequest, VisitNoteDto, VisitNotesQuery } from './dto/visit-notes.dto';
import { VisitNotesService } from './visit-notes.service';

/** Visit notes of one appointment: append-only, encrypted at rest, every read and write audited. */
@ApiTags('appointments')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('appointments')
export class VisitNotesController {
  constructor(private readonly notes: VisitNotesService) {}

  @Get(':id/notes')
  @Header('Cache-Control', 'private, no-store')
  @Endpoint('The appointment’s visit notes, oldest first, corrections included (its patient and doctor; admins with a reason)', {
    ok: [VisitNoteDto],
    errors: [400, 404],
  })
  listVisitNotes(
    @CurrentUser() me: AuthUser,
    @RequestId() requestId: string,
    @Param('id', uuid) id: string,
    @Query() query: VisitNotesQuery,
  ): Promise<VisitNoteDto[]> {
    return this.notes.list({ actor: me, requestId, reason: query.reason }, id);
  }

  @Post(':id/notes')
  @Roles('doctor')
  @Endpoint('Write a visit note (its doctor); a correction is a new note that `amends` the old one', {
    created: VisitNoteDto,
    errors: [400, 404, 409, 422],
  })
  createVisitNote(
    @CurrentUser() me: AuthUser,
    @RequestId() requestId: string,
    @Param('id', uuid) id: string,
    @Body() body: CreateVisitNoteRequest,
  ): Promise<VisitNoteDto> {
    return this.notes.create({ actor: me, requestId }, id, body);
  }
}
