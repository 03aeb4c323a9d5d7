import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Specialty' })
export class SpecialtyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Cardiology' }) name!: string;
  @ApiProperty({ example: 3, description: 'How many doctors patients can book in it' }) doctorCount!: number;
}
