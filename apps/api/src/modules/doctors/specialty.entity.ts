import { defineEntity, p } from '@mikro-orm/core';
import { uuidPrimaryKey } from '../../common/entity-columns';

const SpecialtySchema = defineEntity({
  name: 'Specialty',
  tableName: 'specialties',
  properties: {
    id: uuidPrimaryKey(),
    name: p.text(),
  },
  // Unique ignoring case; a raw expression, which the schema diff compares by name.
  uniques: [{ name: 'specialties_name_unique', expression: 'create unique index specialties_name_unique on specialties (lower(name))' }],
});

export class Specialty extends SpecialtySchema.class {}
SpecialtySchema.setClass(Specialty);
export { SpecialtySchema };
