import { defineEntity, p } from '@mikro-orm/core';

const SpecialtySchema = defineEntity({
  name: 'Specialty',
  tableName: 'specialties',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    name: p.string().unique(),
  },
});

export class Specialty extends SpecialtySchema.class {}
SpecialtySchema.setClass(Specialty);
export { SpecialtySchema };
