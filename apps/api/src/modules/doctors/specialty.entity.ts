import { defineEntity, p } from '@mikro-orm/core';

const SpecialtySchema = defineEntity({
  name: 'Specialty',
  tableName: 'specialties',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    name: p.text(),
  },
  // Unique ignoring case; a raw expression, which the schema diff compares by name.
  uniques: [{ name: 'specialties_name_unique', expression: 'create unique index specialties_name_unique on specialties (lower(name))' }],
});

export class Specialty extends SpecialtySchema.class {}
SpecialtySchema.setClass(Specialty);
export { SpecialtySchema };
