import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Specialty' })
export class SpecialtyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Cardiology' }) name!: string;
}
