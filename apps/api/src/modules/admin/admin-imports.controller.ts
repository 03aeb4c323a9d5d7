import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { PageQuery } from '../../common/dto/pagination.dto';
import { ImportDto, ImportPage, ImportStartedDto } from '../imports/dto/imports.dto';
import { ImportUploadInterceptor, type UploadedImportFile } from '../imports/import-upload.interceptor';
import { ImportsService } from '../imports/imports.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** Patient lists imported by admins: each new patient is invited by email to choose a password. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('admin/imports')
export class AdminImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('patients')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseInterceptors(ImportUploadInterceptor)
  @ApiOperation({
    summary: 'Import patients from a CSV or tab-separated file (header: name, email, and optionally phone, dateOfBirth, gender)',
    description:
      'Answers 202 once the file is checked; the rows are imported in the background (follow GET /api/admin/imports/{id} or the ' +
      'import:progress socket event). Emails that already have an account, or came earlier in the file, are skipped: importing ' +
      'the same file again creates nothing. Each new patient gets an email with a link to choose a password (valid 7 days). ' +
      'The delimiter (tab, comma or semicolon) is read from the header line; the file is UTF-8 (with or without BOM) or UTF-16.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiAcceptedResponse({ type: ImportStartedDto })
  @ApiErrors(400, 413, 415)
  importPatients(@CurrentUser() me: AuthUser, @UploadedFile() file: UploadedImportFile | undefined): Promise<ImportStartedDto> {
    return this.imports.start(me, file);
  }

  @Get()
  @Endpoint('Recent imports, newest first (without their refused rows)', { ok: ImportPage, errors: [400] })
  listImports(@Query() query: PageQuery): Promise<ImportPage> {
    return this.imports.list(query.page, query.pageSize);
  }

  @Get(':id')
  @Endpoint('One import: its progress and counts, and the rows it refused (line, field, message)', { ok: ImportDto, errors: [404] })
  getImport(@Param('id', uuid) id: string): Promise<ImportDto> {
    return this.imports.get(id);
  }
}
